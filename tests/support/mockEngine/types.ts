// The mock engine's records: what a run did (ops, errors, logs) and what it keeps between runs (state).
import type * as pulumi from "@pulumi/pulumi";
import type { RealmOptions } from "../loadProvider";

export type Dict = Record<string, any>;

export type Mode = "up" | "preview" | "refresh" | "destroy";
export type OpKind = "create" | "update" | "same" | "replace" | "delete" | "read";

export interface Op {
    op: OpKind;
    /** `type::name` */
    key: string;
    type: string;
    name: string;
    mode: Mode;
    /** Index of the run in `engine.runs`. */
    run: number;
    /** preview: the op is planned, nothing was executed. */
    planned?: boolean;
    /** replace: whether the old object was deleted before the new one was created. */
    deleteBeforeReplace?: boolean;
    /** read (refresh): whether the props or inputs changed, and whether the object was gone. */
    changed?: boolean;
    gone?: boolean;
    /** read (refresh): what the provider's diff said of the refreshed state against the stored inputs. */
    diff?: { changes: boolean | undefined; replaces: string[] };
    /** The provider call failed (recorded in the run's errors). */
    failed?: boolean;
}

export interface StateEntry {
    key: string;
    type: string;
    name: string;
    id: string;
    /** Checked inputs, engine form: secrets wrapped (see ../secrets.ts), `__provider` included. */
    inputs: Record<string, any>;
    /** Outputs, engine form: secrets wrapped; `__provider` only where the provider returned it. */
    outputs: Record<string, any>;
    /** Key (`type::name`) of the explicit provider resource, or "" for the default provider. */
    provider: string;
    /** Creation order (a replacement is a new creation). */
    seq: number;
    /** Reasons of a partial failure (an error carrying `id`); cleared by a successful update or a refresh. */
    initErrors?: string[];
}

export interface ProviderStateEntry {
    key: string;
    type: string;
    name: string;
    id: string;
    /** The provider resource's inputs as registered (secrets wrapped). */
    inputs: Record<string, any>;
    seq: number;
}

export interface LogEntry {
    level: string;
    message: string;
    run: number;
}

export interface RunRecord {
    mode: Mode;
    ops: Op[];
    errors: Error[];
    logs: LogEntry[];
}

export interface MockEngineOptions {
    project?: string;
    stack?: string;
    /**
     * Stack config, `<ns>:<key>` keys (bare keys are qualified with the project). Wrap a value with
     * `secret()` from ../secrets to make it secret config. It is the program's config and, as strings,
     * the default provider's Configure. Change it between runs through `engine.config`.
     */
    config?: Record<string, unknown>;
    /**
     * additionalSecretOutputs emulation: type token (full, or the `<module>:<Type>` part after
     * `dynamic/`) → output names to store as secrets. Needed because MockResourceArgs carries no
     * resource options (pulumi/pulumi#14421): the mock never learns what a resource class put in
     * `additionalSecretOutputs`. Default: this package's classes, read from their field tables
     * (tests/support/secretOutputs.ts), as the real engine would get them from every class.
     */
    secretOutputs?: Record<string, readonly string[]>;
    /** Mocks for other custom resources, components and invokes. */
    mocks?: Partial<pulumi.runtime.Mocks>;
    /**
     * Where serialized providers' require() resolves (the host's cwd). Default: tests/.tmp/program, a
     * user-program directory from which "pulumi-edu-org" resolves to the installed (packed) copy.
     */
    cwd?: string;
    /** Which packages get private module copies per emulated provider process (see ../loadProvider.ts). */
    isolatePackages?: RealmOptions["isolatePackages"];
    /** Also print captured console output (default false: captured only). */
    echoLogs?: boolean;
}
