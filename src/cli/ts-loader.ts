// Loading user TypeScript modules (suites, model modules) without a build step, through tsx.

let tsxRegistered: Promise<void> | null = null;
/** Registers tsx's ESM and CommonJS hooks once per process: a .ts file outside a `"type": "module"`
 *  package is compiled as CommonJS, and its require() of ES modules needs both hooks. */
export function registerTsx(): Promise<void> {
  tsxRegistered ??= (async () => {
    const [esm, cjs] = await Promise.all([import('tsx/esm/api'), import('tsx/cjs/api')]);
    esm.register();
    cjs.register();
  })();
  return tsxRegistered;
}
