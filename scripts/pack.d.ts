export declare const ROOT: string;
export declare const TMP: string;
export declare const TARBALL: string;
export declare function assertBuilt(): void;
export declare function contentHash(): string;
export declare function ensureTarball(): { tarball: string; hash: string; packed: boolean };
export declare function installInto(
    nodeModules: string,
    opts?: { force?: boolean },
): { dir: string; installed: boolean; tarball: string };
export declare const PROGRAM_DIR: string;
export declare function ensureProgramDir(): string;
