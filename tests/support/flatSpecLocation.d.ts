export declare function locateFlatSpec(env?: NodeJS.ProcessEnv): { path?: string; skipReason?: string };
