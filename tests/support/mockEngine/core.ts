// What the step modules (register, refresh, deletes) need from the engine that runs them.
import type { Dict, Mode, Op, OpKind, StateEntry } from "./types";
import type { ProviderConfig } from "./providers";

export interface Subject {
    key: string;
    type: string;
    name: string;
}

export interface EngineCore {
    readonly state: Map<string, StateEntry>;
    readonly mode: Mode;
    record(op: Omit<Op, "mode" | "run">): void;
    /** Records a failed provider call in the run's errors (and as a failed op when `op` is given). */
    fail(subject: Subject, err: unknown, op?: OpKind): void;
    nextSeq(): number;
    /** What the given provider (`""`: default) is configured with in this run. */
    providerConfig(providerKey: string): ProviderConfig;
    /** The provider instance for a `__provider` text in the given provider's process (configured). */
    provider(providerKey: string, text: unknown): Promise<any>;
    /** additionalSecretOutputs emulation for a type (see MockEngineOptions.secretOutputs). */
    secretOutputs(type: string, outs: Dict): Dict;
}
