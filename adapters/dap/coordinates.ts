// Lines, columns and paths as the client counts them (fixed by `initialize`) and as the producer
// does. DebugSession keeps its converters protected; the session hands them over as this object
// to the translations that live outside it.
export interface Coordinates {
  clientLine(line: number): number;
  clientColumn(column: number): number;
  clientPath(file: string): string;
  debuggerLine(line: number): number;
  debuggerColumn(column: number): number;
  debuggerPath(file: string): string;
}
