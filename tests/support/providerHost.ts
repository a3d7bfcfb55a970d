// Protocol-level harness: runs the SDK's real dynamic-provider host (@pulumi/pulumi/cmd/dynamic-provider)
// as a child process, exactly as the engine starts it, and drives it over gRPC with the SDK's own
// generated stubs. No Pulumi CLI, no engine. `ProviderClient` plays the engine's part around the
// calls: config keys qualified `<project>:<key>`, secrets stripped before each call and re-marked on
// the results (the host answers Configure with acceptSecrets=false), old outputs sent to Diff/Read.
import { ChildProcess, spawn } from "node:child_process";
import * as grpc from "@grpc/grpc-js";
import * as pulumi from "@pulumi/pulumi";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as statusproto from "@pulumi/pulumi/proto/status_pb";
import { annotateSecrets, stripSecrets } from "./secrets";
import { EngineLogSink, startEngineLogSink } from "./engineLogSink";
import { ensureProgramDir } from "../../scripts/pack";

export const HOST_SCRIPT = require.resolve("@pulumi/pulumi/cmd/dynamic-provider");
export const DEFAULT_PROJECT = "edu-org-test";
/** How long a host may take to start or answer before it counts as hung: minutes on a loaded runner are not a hang. */
const HUNG_MS = 120_000;

export interface HostOptions {
    /**
     * The host's cwd: the serialized text's require() resolves from here. Default: tests/.tmp/program,
     * from which "pulumi-edu-org" resolves to the installed copy (from the repository root, package
     * self-reference would load the repository's own dist/ instead).
     */
    cwd?: string;
    /** PULUMI_NODEJS_PROJECT: bare keys in `req.config.get(key)` are qualified with it. */
    project?: string;
    /**
     * Start a fake Engine service and point PULUMI_NODEJS_ENGINE at it, so `pulumi.log` calls in
     * provider code arrive in `host.engine.logs` (otherwise they go to the host's stdout/stderr).
     */
    engine?: boolean;
    env?: NodeJS.ProcessEnv;
}

export interface HostHandle {
    client: provrpc.ResourceProviderClient;
    proc: ChildProcess;
    port: number;
    engine?: EngineLogSink;
    /** Host stdout after the port line (console.log output of provider code). */
    stdout(): string;
    stderr(): string;
    /** stdout + stderr + engine logs: everything the provider could have printed, for secret scans. */
    output(): string;
    stop(): Promise<void>;
}

/**
 * Starts the host. argv mirrors the engine's: [--logtostderr] [-v=N] [--tracing X] <engineAddress>.
 * The host only checks that one argument is present and never dials it. It binds 127.0.0.1:0 and
 * prints the port as its first stdout line.
 */
export async function startHost(opts: HostOptions = {}): Promise<HostHandle> {
    const engine = opts.engine ? await startEngineLogSink() : undefined;
    const env: NodeJS.ProcessEnv = {
        ...process.env,
        PULUMI_NODEJS_PROJECT: opts.project ?? DEFAULT_PROJECT,
        ...opts.env,
    };
    // Never let config from a mock run in this process (setAllConfig writes PULUMI_CONFIG) leak in.
    delete env.PULUMI_CONFIG;
    delete env.PULUMI_CONFIG_SECRET_KEYS;
    if (engine) env.PULUMI_NODEJS_ENGINE = engine.address;
    const proc = spawn(process.execPath, [HOST_SCRIPT, engine?.address ?? "127.0.0.1:0"], {
        cwd: opts.cwd ?? ensureProgramDir(),
        env,
        stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    proc.stderr.on("data", (d) => (err += d));
    let portLineEnd = -1;
    const port = await new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`host did not print a port; stderr: ${err}`)), HUNG_MS);
        proc.stdout.on("data", (d) => {
            out += d;
            if (portLineEnd >= 0) return;
            const m = /^(\d+)\s*\n/.exec(out);
            if (m) {
                portLineEnd = m[0].length;
                clearTimeout(timer);
                resolve(Number(m[1]));
            }
        });
        proc.once("exit", (code) => {
            clearTimeout(timer);
            reject(new Error(`host exited ${code}: ${err}`));
        });
    });
    const client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    await new Promise<void>((res, rej) => client.waitForReady(Date.now() + HUNG_MS, (e) => (e ? rej(e) : res())));
    const stdout = () => out.slice(Math.max(portLineEnd, 0));
    return {
        client,
        proc,
        port,
        engine,
        stdout,
        stderr: () => err,
        output: () => [stdout(), err, engine?.text() ?? ""].join("\n"),
        stop: async () => {
            client.close();
            if (proc.exitCode === null && proc.signalCode === null) {
                const exited = new Promise((r) => proc.once("exit", r));
                proc.kill("SIGTERM");
                await exited;
            }
            await engine?.stop();
        },
    };
}

/**
 * Promisifies a unary stub method. The engine sets no deadline on provider calls (a Create of a
 * 300-account roster lasts its 300 requests); this one only stops a hung host.
 */
export function unary<Req, Res>(
    client: provrpc.ResourceProviderClient,
    method: string,
    req: Req,
    deadlineMs = 10 * HUNG_MS,
): Promise<Res> {
    return new Promise((resolve, reject) =>
        (client as any)[method](
            req,
            new grpc.Metadata(),
            { deadline: Date.now() + deadlineMs },
            (e: grpc.ServiceError | null, res: Res) => (e ? reject(e) : resolve(res)),
        ),
    );
}

export const toStruct = (o: Record<string, any>) => Struct.fromJavaScript(o);
export const fromStruct = (s: Struct | undefined) => (s ? (s.toJavaScript() as Record<string, any>) : undefined);

export interface DiffOutcome {
    changes: "none" | "some" | "unknown";
    replaces: string[];
    deleteBeforeReplace: boolean;
}

export interface InitFailure {
    id: string;
    properties: Record<string, any>;
    reasons: string[];
}

/**
 * For a failed Create/Update: the ErrorResourceInitFailed detail the host attaches when the provider
 * threw an Error carrying `id` (the object exists though a later step failed), else undefined.
 */
export function initFailure(err: unknown): InitFailure | undefined {
    const md = (err as grpc.ServiceError)?.metadata;
    const bin = md?.get("grpc-status-details-bin")?.[0];
    if (!bin) return undefined;
    const status = statusproto.Status.deserializeBinary(new Uint8Array(bin as Buffer));
    for (const any of status.getDetailsList()) {
        const detail = any.unpack(
            provproto.ErrorResourceInitFailed.deserializeBinary,
            "pulumirpc.ErrorResourceInitFailed",
        );
        if (detail)
            return {
                id: detail.getId(),
                properties: fromStruct(detail.getProperties()) ?? {},
                reasons: detail.getReasonsList(),
            };
    }
    return undefined;
}

/** What every resource call's request carries (the provider protocol's generated setters). */
interface ResourceRequest {
    setUrn(value: string): unknown;
    setType(value: string): unknown;
    setName(value: string): unknown;
}
interface ChangeRequest {
    setOlds(value: Struct): unknown;
    setNews(value: Struct): unknown;
}

export interface ProviderClientOptions {
    /**
     * Behave like the engine towards a provider that answered Configure with acceptSecrets=false
     * (default true): strip secret wrappers from everything sent, re-mark results (annotateSecrets).
     * false shows the raw host behaviour: wrappers reach provider code verbatim.
     */
    engineSecrets?: boolean;
    project?: string;
    stack?: string;
}

/** Thin typed facade over the ResourceProvider gRPC API, playing the engine's part. */
export class ProviderClient {
    acceptSecrets = false;
    readonly project: string;
    readonly stack: string;
    private readonly engineSecrets: boolean;

    constructor(
        private readonly client: provrpc.ResourceProviderClient,
        opts: ProviderClientOptions = {},
    ) {
        this.engineSecrets = opts.engineSecrets ?? true;
        this.project = opts.project ?? DEFAULT_PROJECT;
        this.stack = opts.stack ?? "test";
    }

    urn(type: string, name: string): string {
        return `urn:pulumi:${this.stack}::${this.project}::${type}::${name}`;
    }

    private send(o: Record<string, any>): Struct {
        return toStruct(this.engineSecrets && !this.acceptSecrets ? stripSecrets(o) : o);
    }

    private annotate(outs: Record<string, any>, ins: Record<string, any> | undefined): Record<string, any> {
        return this.engineSecrets && !this.acceptSecrets ? annotateSecrets(outs, ins) : outs;
    }

    /** The resource a request is about: its urn, type and name. */
    private about<R extends ResourceRequest>(req: R, type: string, name: string): R {
        req.setUrn(this.urn(type, name));
        req.setType(type);
        req.setName(name);
        return req;
    }

    /** Old and new properties of a request, as the engine sends them. */
    private change<R extends ChangeRequest>(req: R, olds: Record<string, any>, news: Record<string, any>): R {
        req.setOlds(this.send(olds));
        req.setNews(this.send(news));
        return req;
    }

    async getPluginInfo(): Promise<string> {
        const r = await unary<Empty, { getVersion(): string }>(this.client, "getPluginInfo", new Empty());
        return r.getVersion();
    }

    /**
     * Configure, as the engine does for a provider: `config` is the stack config (or an explicit
     * provider's inputs). Bare keys are qualified with the project, as stack config keys always are.
     * Secret wrappers are sent as they are: the host unwraps them itself in Configure. `qualify: false`
     * sends the keys verbatim, as the engine does with an explicit provider's inputs.
     */
    async configure(config: Record<string, unknown> = {}, qualify = true): Promise<provproto.ConfigureResponse> {
        const qualified = Object.fromEntries(
            Object.entries(config).map(([k, v]) => [k.includes(":") || !qualify ? k : `${this.project}:${k}`, v]),
        );
        const req = new provproto.ConfigureRequest();
        req.setArgs(toStruct(qualified)); // REQUIRED: without args the host never answers
        req.setAcceptsecrets(true);
        req.setAcceptresources(true);
        const res = await unary<provproto.ConfigureRequest, provproto.ConfigureResponse>(this.client, "configure", req);
        this.acceptSecrets = res.getAcceptsecrets();
        return res;
    }

    /** Check; returned inputs are re-marked secret where the new inputs were (engine annotateSecrets). */
    async check(type: string, name: string, olds: Record<string, any>, news: Record<string, any>) {
        const req = this.change(this.about(new provproto.CheckRequest(), type, name), olds, news);
        const res = await unary<provproto.CheckRequest, provproto.CheckResponse>(this.client, "check", req);
        return {
            inputs: this.annotate(fromStruct(res.getInputs()) ?? {}, news),
            failures: res.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
        };
    }

    /** Diff of new (checked) inputs against the old *outputs*, as the engine sends them. */
    async diff(
        type: string,
        name: string,
        id: string,
        olds: Record<string, any>,
        news: Record<string, any>,
    ): Promise<DiffOutcome> {
        const req = this.change(this.about(new provproto.DiffRequest(), type, name).setId(id), olds, news);
        const res = await unary<provproto.DiffRequest, provproto.DiffResponse>(this.client, "diff", req);
        const C = provproto.DiffResponse.DiffChanges;
        const ch = res.getChanges();
        return {
            changes: ch === C.DIFF_NONE ? "none" : ch === C.DIFF_SOME ? "some" : "unknown",
            replaces: res.getReplacesList(),
            deleteBeforeReplace: res.getDeletebeforereplace(),
        };
    }

    async create(type: string, name: string, props: Record<string, any>) {
        const req = this.about(new provproto.CreateRequest(), type, name);
        req.setProperties(this.send(props));
        const res = await unary<provproto.CreateRequest, provproto.CreateResponse>(this.client, "create", req);
        return { id: res.getId(), outs: this.annotate(fromStruct(res.getProperties()) ?? {}, props) };
    }

    /** Read (refresh): `props` are the old outputs, `inputs` the old inputs. An empty id means "gone". */
    async read(type: string, name: string, id: string, props: Record<string, any>, inputs?: Record<string, any>) {
        const req = this.about(new provproto.ReadRequest(), type, name).setId(id);
        req.setProperties(this.send(props));
        if (inputs) req.setInputs(this.send(inputs));
        const res = await unary<provproto.ReadRequest, provproto.ReadResponse>(this.client, "read", req);
        const newInputs = fromStruct(res.getInputs());
        return {
            id: res.getId(),
            props: this.annotate(fromStruct(res.getProperties()) ?? {}, props),
            inputs: newInputs && this.annotate(newInputs, inputs ?? props),
        };
    }

    async update(type: string, name: string, id: string, olds: Record<string, any>, news: Record<string, any>) {
        const req = this.change(this.about(new provproto.UpdateRequest(), type, name).setId(id), olds, news);
        const res = await unary<provproto.UpdateRequest, provproto.UpdateResponse>(this.client, "update", req);
        return { outs: this.annotate(fromStruct(res.getProperties()) ?? {}, news) };
    }

    async delete(type: string, name: string, id: string, props: Record<string, any>): Promise<void> {
        const req = this.about(new provproto.DeleteRequest(), type, name).setId(id);
        req.setProperties(this.send(props));
        await unary(this.client, "delete", req);
    }
}

/**
 * The `__provider` text of a provider object as the SDK serializes it. Modules of the installed
 * package (Jest resolves "pulumi-edu-org" to it) come out as one require line.
 */
export async function serializedProvider(provider: object): Promise<string> {
    // The captured variable's name is declared in the serialized text: it must not be `module`.
    return (await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true })).text;
}

export interface ProviderOptions extends HostOptions {
    stack?: string;
    /** What Configure gets (stack config, or with `qualify: false` an explicit provider's inputs); none: no Configure. */
    config?: Record<string, unknown>;
    qualify?: boolean;
}

export interface Provider {
    host: HostHandle;
    client: ProviderClient;
}

/** A provider process as the engine starts one for a command: the real host, and a client playing the engine. */
export async function startProvider(opts: ProviderOptions = {}): Promise<Provider> {
    const host = await startHost(opts);
    const client = new ProviderClient(host.client, { project: opts.project, stack: opts.stack });
    try {
        if (opts.config) await client.configure(opts.config, opts.qualify ?? true);
    } catch (err) {
        await host.stop();
        throw err;
    }
    return { host, client };
}

/** One command's provider process: started, used by `work`, stopped. */
export async function withProvider<T>(opts: ProviderOptions, work: (client: ProviderClient) => Promise<T>): Promise<T> {
    const { host, client } = await startProvider(opts);
    try {
        return await work(client);
    } finally {
        await host.stop();
    }
}
