// Parsing a guest script with acorn: positions on, tokens fed to the instrumenter's index, and a
// syntax error turned into an InstrumentError at its 1-based line and column.
import * as acorn from 'acorn';
import { InstrumentError } from './output.js';
import type { TokenIndex } from './plain-copy.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyNode = any;

export function parseScript(source: string, tokens?: TokenIndex, module = false): AnyNode {
  try {
    return acorn.parse(source, {
      ecmaVersion: 'latest', sourceType: module ? 'module' : 'script', locations: true, allowHashBang: true,
      onToken: tokens?.onToken, onInsertedSemicolon: tokens?.onInsertedSemicolon,
    }) as AnyNode;
  } catch (e) {
    const err = e as SyntaxError & { loc?: { line: number; column: number } };
    throw new InstrumentError(err.message, err.loc?.line ?? 1, (err.loc?.column ?? 0) + 1);
  }
}
