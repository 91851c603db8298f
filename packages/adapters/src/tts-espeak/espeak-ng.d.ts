// The npm `espeak-ng` package ships no types; this covers the Emscripten module options we use.
declare module 'espeak-ng' {
  /** Options of the Emscripten module factory (subset). */
  interface ESpeakNgOptions {
    arguments?: string[];
    thisProgram?: string;
    noInitialRun?: boolean;
    instantiateWasm?: (
      imports: WebAssembly.Imports,
      done: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void,
    ) => WebAssembly.Exports;
    print?: (line: string) => void;
    printErr?: (line: string) => void;
    stdin?: () => number | null;
    quit?: (status: number, toThrow: unknown) => never;
  }
  /** A finished module: its in-memory file system holds what the run wrote. */
  interface ESpeakNgModule {
    FS: { readFile(path: string): Uint8Array };
  }
  const ESpeakNg: (options?: ESpeakNgOptions) => Promise<ESpeakNgModule>;
  export default ESpeakNg;
}
