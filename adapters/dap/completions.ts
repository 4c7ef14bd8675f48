// REPL completions from the producer's own answers (no ABI call of its own): names in the frame's
// scopes, or the properties of `a.b.` when the text before the cursor ends with a member chain.
// The object is evaluated in the 'hover' context, so only side-effect-free chains are tried.
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { DebuggeeConnection } from '../../runtime/launcher.js';

const MEMBER = /((?:[A-Za-z_$][\w$]*)(?:\.[A-Za-z_$][\w$]*)*)\.([A-Za-z_$][\w$]*)?$/;
const WORD = /([A-Za-z_$][\w$]*)?$/;

export async function completions(debuggee: DebuggeeConnection, frame: number | undefined, text: string, column: number): Promise<DebugProtocol.CompletionItem[]> {
  const before = text.slice(0, Math.max(0, column - 1));
  const member = MEMBER.exec(before);
  if (member) {
    const partial = member[2] ?? '';
    const value = await debuggee.call('evaluate', frame, member[1], 'hover');
    if (!value.handle) return [];
    const children = await debuggee.call('variables', value.handle, 'named', 0, 0);
    return items(children.map((c) => c.name).filter((n) => !n.startsWith('[[')), partial, 'property');
  }
  const partial = WORD.exec(before)?.[1] ?? '';
  if (frame === undefined) return [];
  const names: string[] = [];
  for (const scope of await debuggee.call('scopes', frame)) {
    for (const v of await debuggee.call('variables', scope.handle, 'named', 0, 0)) names.push(v.name);
  }
  return items(names, partial, 'variable');
}

function items(names: string[], partial: string, type: DebugProtocol.CompletionItemType): DebugProtocol.CompletionItem[] {
  const seen = new Set<string>();
  const out: DebugProtocol.CompletionItem[] = [];
  for (const label of names) {
    if (seen.has(label) || !label.startsWith(partial)) continue;
    seen.add(label);
    out.push({ label, type, length: partial.length });
  }
  return out.sort((a, b) => a.label.localeCompare(b.label));
}
