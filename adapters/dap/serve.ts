export async function serveDap(_o: { port?: number }): Promise<void> {}
