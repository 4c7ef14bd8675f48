// Newline-delimited JSON framing. JSON.stringify never emits a raw newline, so '\n' ends a message.
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';

export function encode(message: unknown): string {
  return JSON.stringify(message) + '\n';
}

/** Calls onMessage for every complete line of `stream`; bad JSON goes to onError, reading continues. */
export function readNdjson(
  stream: Readable,
  onMessage: (message: unknown) => void,
  onError: (error: Error) => void = () => {},
): void {
  const decoder = new StringDecoder('utf8'); // a chunk may end inside a multi-byte character
  let buffered = '';
  stream.on('data', (chunk: Buffer | string) => {
    // Only the new chunk can hold a newline: scanning it alone keeps big messages linear.
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    let newline = text.indexOf('\n');
    if (newline < 0) {
      buffered += text;
      return;
    }
    let start = 0;
    while (newline >= 0) {
      const line = buffered + text.slice(start, newline);
      buffered = '';
      start = newline + 1;
      newline = text.indexOf('\n', start);
      if (line.trim() !== '') parse(line);
    }
    buffered = text.slice(start);
  });

  function parse(line: string): void {
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch (error) {
      onError(error as Error);
      return;
    }
    onMessage(message);
  }
}
