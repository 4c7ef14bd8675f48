// Loads a QuickJS Wasm build. Both the bellard and the QuickJS-ng release-sync variants are supported;
// the asyncify variants are not (a second suspension is refused, see DESIGN.md).
import { newQuickJSWASMModuleFromVariant, type QuickJSSyncVariant, type QuickJSWASMModule } from 'quickjs-emscripten-core';

export type EngineName = 'quickjs' | 'quickjs-ng';
export const ENGINES: readonly EngineName[] = ['quickjs', 'quickjs-ng'];

const loaded = new Map<EngineName, Promise<QuickJSWASMModule>>();

export function loadEngine(name: EngineName): Promise<QuickJSWASMModule> {
  let module = loaded.get(name);
  if (!module) {
    module = (async () => {
      const variant: QuickJSSyncVariant = name === 'quickjs-ng'
        ? ((await import('@jitl/quickjs-ng-wasmfile-release-sync')) as unknown as { default: QuickJSSyncVariant }).default
        : ((await import('@jitl/quickjs-wasmfile-release-sync')) as unknown as { default: QuickJSSyncVariant }).default;
      return newQuickJSWASMModuleFromVariant(variant);
    })();
    loaded.set(name, module);
  }
  return module;
}

export function isEngineName(name: string): name is EngineName {
  return (ENGINES as readonly string[]).includes(name);
}
