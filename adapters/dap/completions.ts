// REPL completions from the producer's own answers (no ABI call of its own): names in the frame's
// scopes, or the properties of `a.b.` when the text before the cursor ends with a member chain.
// The object is evaluated in the 'hover' context, so only side-effect-free chains are tried.
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { DebuggeeConnection } from '../../runtime/launcher.js';

const MEMBER = /((?:[A-Za-z_$][\w$]*)(?:\.[A-Za-z_$][\w$]*)*)\.([A-Za-z_$][\w$]*)?$/;
const WORD = /([A-Za-z_$][\w$]*)?$/;

export async function completions(debuggee: DebuggeeConnection, frame: number | undefined, text: string, column: number): Promise<DebugProtocol.CompletionItem[]> {
  return completionItems(text, column, async (expression) => {
    if (expression !== undefined) {
      const value = await debuggee.call('evaluate', frame, expression, 'hover');
      if (!value.handle) return [];
      return (await debuggee.call('variables', value.handle, 'named', 0, 0)).map((c) => c.name);
    }
    if (frame === undefined) return [];
    const names: string[] = [];
    for (const scope of await debuggee.call('scopes', frame)) {
      for (const v of await debuggee.call('variables', scope.handle, 'named', 0, 0)) names.push(v.name);
    }
    return names;
  });
}

/**
 * Completion items for the text before the cursor: `names(expression)` lists the properties of a
 * member chain's object, `names()` the names in scope (the producer's, or V8's for a host frame).
 */
export async function completionItems(text: string, column: number, names: (expression?: string) => Promise<string[]>): Promise<DebugProtocol.CompletionItem[]> {
  const before = text.slice(0, Math.max(0, column - 1));
  const member = MEMBER.exec(before);
  if (member) return items((await names(member[1])).filter((n) => !n.startsWith('[[')), member[2] ?? '', 'property');
  return items(await names(), WORD.exec(before)?.[1] ?? '', 'variable');
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
