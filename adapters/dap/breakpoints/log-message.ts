// DAP logpoint messages: literal text with `{expression}` parts, as VS Code writes them. Braces
// nest inside an expression (`{ {a: 1}.a }`), and `\{` / `\}` are literal braces. The producer
// evaluates the expressions (ABI `log-part`).
import type { LogPart } from '../../../abi/index.js';

export function parseLogMessage(message: string): LogPart[] {
  const parts: LogPart[] = [];
  let text = '';
  let i = 0;
  while (i < message.length) {
    const ch = message[i];
    if (ch === '\\' && (message[i + 1] === '{' || message[i + 1] === '}')) {
      text += message[i + 1];
      i += 2;
      continue;
    }
    if (ch !== '{') {
      text += ch;
      i++;
      continue;
    }
    let depth = 1;
    let j = i + 1;
    while (j < message.length && depth > 0) {
      if (message[j] === '{') depth++;
      else if (message[j] === '}') depth--;
      j++;
    }
    if (depth > 0) { // unbalanced: the rest is text
      text += message.slice(i);
      break;
    }
    const expression = message.slice(i + 1, j - 1).trim();
    if (expression) {
      if (text) parts.push({ tag: 'text', val: text });
      text = '';
      parts.push({ tag: 'expression', val: expression });
    }
    i = j;
  }
  if (text) parts.push({ tag: 'text', val: text });
  return parts;
}
