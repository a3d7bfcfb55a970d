// The gRPC side of the engine double: the ResourceMonitor and Engine services that
// @pulumi/pulumi/cmd/run dials (--monitor, --engine), on one loopback port. Only what a program of
// dynamic resources uses is implemented; the rest answers UNIMPLEMENTED, which the SDK tolerates
// where the real engine's older versions would (GetDeploymentInfo, RegisterPackage, hooks, ...).
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as engrpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as engproto from "@pulumi/pulumi/proto/engine_pb";
import * as resrpc from "@pulumi/pulumi/proto/resource_grpc_pb";
import * as resproto from "@pulumi/pulumi/proto/resource_pb";
import { bindLoopback } from "../engineLogSink";
import type { Deployment, Registration } from "./steps";

export interface EngineLog {
    severity: "DEBUG" | "INFO" | "WARNING" | "ERROR";
    message: string;
    urn: string;
}

/** Features this double implements (runtime/settings.ts probes them with SupportsFeature). */
const FEATURES = new Set(["secrets"]);

export interface Monitor {
    address: string;
    logs: EngineLog[];
    stop(): Promise<void>;
}

type Call<Req> = grpc.ServerUnaryCall<Req, unknown>;
type Callback<Res> = grpc.sendUnaryData<Res>;

export async function startMonitor(deployment: () => Deployment): Promise<Monitor> {
    const logs: EngineLog[] = [];
    const severities = Object.fromEntries(Object.entries(engproto.LogSeverity).map(([k, v]) => [v, k]));
    let root = "";
    const server = new grpc.Server();
    server.addService(resrpc.ResourceMonitorService, {
        supportsFeature(call: Call<resproto.SupportsFeatureRequest>, cb: Callback<resproto.SupportsFeatureResponse>) {
            const res = new resproto.SupportsFeatureResponse();
            res.setHassupport(FEATURES.has(call.request.getId()));
            cb(null, res);
        },
        registerResource(
            call: Call<resproto.RegisterResourceRequest>,
            cb: Callback<resproto.RegisterResourceResponse>,
        ) {
            const r = call.request;
            const reg: Registration = {
                type: r.getType(),
                name: r.getName(),
                parent: r.getParent(),
                custom: r.getCustom(),
                provider: r.getProvider(),
                inputs: r.getObject()?.toJavaScript() ?? {},
                dependencies: r.getDependenciesList(),
                propertyDependencies: Object.fromEntries(
                    r
                        .getPropertydependenciesMap()
                        .getEntryList()
                        .map(([k]) => [k, r.getPropertydependenciesMap().get(k)!.getUrnsList()]),
                ),
                additionalSecretOutputs: r.getAdditionalsecretoutputsList(),
            };
            // Answered as soon as its own steps are done: the SDK registers a resource only after what
            // it depends on resolved, so waiting on anything else would deadlock.
            deployment()
                .register(reg)
                .then(
                    ({ urn, id, outputs }) => {
                        const res = new resproto.RegisterResourceResponse();
                        res.setUrn(urn);
                        res.setId(id);
                        res.setObject(Struct.fromJavaScript(outputs));
                        cb(null, res);
                    },
                    (e: Error) => cb({ code: grpc.status.INTERNAL, details: e.message }),
                );
        },
        registerResourceOutputs(call: Call<resproto.RegisterResourceOutputsRequest>, cb: Callback<Empty>) {
            deployment().registerOutputs(call.request.getUrn(), call.request.getOutputs()?.toJavaScript() ?? {});
            cb(null, new Empty());
        },
        signalAndWaitForShutdown(_: Call<Empty>, cb: Callback<Empty>) {
            cb(null, new Empty());
        },
    });
    server.addService(engrpc.EngineService, {
        log(call: Call<engproto.LogRequest>, cb: Callback<Empty>) {
            const r = call.request;
            logs.push({
                severity: severities[r.getSeverity()] as EngineLog["severity"],
                message: r.getMessage(),
                urn: r.getUrn(),
            });
            cb(null, new Empty());
        },
        getRootResource(_: Call<engproto.GetRootResourceRequest>, cb: Callback<engproto.GetRootResourceResponse>) {
            const res = new engproto.GetRootResourceResponse();
            res.setUrn(root);
            cb(null, res);
        },
        setRootResource(call: Call<engproto.SetRootResourceRequest>, cb: Callback<engproto.SetRootResourceResponse>) {
            root = call.request.getUrn();
            cb(null, new engproto.SetRootResourceResponse());
        },
    });
    const port = await bindLoopback(server);
    return {
        address: `127.0.0.1:${port}`,
        logs,
        stop: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
    };
}
