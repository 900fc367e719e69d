// jsfive 0.4 ships no type declarations; this covers the read-only subset the MesoNet converter
// and its test reference use.
declare module 'jsfive' {
  type Attrs = Record<string, unknown>;

  export class Group {
    readonly keys: string[];
    readonly attrs: Attrs;
    get(path: string): Group | Dataset;
  }

  export class File extends Group {
    constructor(buffer: ArrayBuffer, filename?: string);
  }

  export class Dataset {
    readonly value: ArrayLike<number>;
    readonly shape: number[];
    readonly dtype: string;
    readonly attrs: Attrs;
  }
}
