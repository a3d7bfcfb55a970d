// The gRPC log sink: an in-process Engine service that only takes `Log` calls. The dynamic-provider
// host never needs an engine, but when it is started with PULUMI_NODEJS_ENGINE=<address>, `pulumi.log.*`
// calls made inside provider code are delivered here as LogRequests (without it they fall back to the
// host's stdout/stderr). Tests scan `logs` for secrets.
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import * as engrpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as engproto from "@pulumi/pulumi/proto/engine_pb";

export interface EngineLog {
    severity: string; // DEBUG | INFO | WARNING | ERROR
    message: string;
    urn: string;
}

export interface EngineLogSink {
    address: string;
    logs: EngineLog[];
    /** Every logged message, one per line, for secret scans. */
    text(): string;
    stop(): Promise<void>;
}

export async function startEngineLogSink(): Promise<EngineLogSink> {
    const logs: EngineLog[] = [];
    const severity = Object.fromEntries(Object.entries(engproto.LogSeverity).map(([k, v]) => [v, k]));
    const server = new grpc.Server();
    const unimplemented = (_: unknown, cb: grpc.sendUnaryData<unknown>) =>
        cb({ code: grpc.status.UNIMPLEMENTED, details: "not implemented by the log sink" });
    server.addService(engrpc.EngineService, {
        log: (call: grpc.ServerUnaryCall<engproto.LogRequest, Empty>, cb: grpc.sendUnaryData<Empty>) => {
            const r = call.request;
            logs.push({ severity: String(severity[r.getSeverity()]), message: r.getMessage(), urn: r.getUrn() });
            cb(null, new Empty());
        },
        getRootResource: unimplemented,
        setRootResource: unimplemented,
        startDebugging: unimplemented,
        requirePulumiVersion: unimplemented,
    });
    const port = await bindLoopback(server);
    return {
        address: `127.0.0.1:${port}`,
        logs,
        text: () => logs.map((l) => `${l.severity} ${l.message}`).join("\n"),
        stop: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
    };
}

/** Binds a gRPC server to a free loopback port; returns the port. */
export function bindLoopback(server: grpc.Server): Promise<number> {
    return new Promise<number>((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, p) =>
            e ? reject(e) : resolve(p),
        ),
    );
}
