/**
 * LTI: the LTI 1.1 credentials (`/organizations/lti/credentials`) and the unified configurations
 * (`/organizations/lti/configurations`). LTI 1.1 credentials and `1p1` configurations are the same
 * objects seen through two endpoints; 1.3 configurations exist in three modes (manual, dynamic
 * registration, platform deployment).
 */
import { randomBytes, randomUUID } from "node:crypto";
import {
    checkSchema,
    FlatSchemaName,
    LmsName,
    LtiConfiguration1p1Answer,
    LtiConfiguration1p3Answer,
    LtiConfiguration1p3Fields,
    LtiCredentialsAnswer,
} from "../flatSchemas";
import type { EmulatorResponse } from "../types";
import {
    bodyOf,
    clientError,
    isAnswer,
    noContent,
    notFound,
    ok,
    omitUndefined,
    OrgContext,
    validBody,
} from "./requests";
import { FlatLti13Record, FlatLtiCredentialsRecord, FlatState, orgById } from "./state";

/** Manual LTI 1.3 configurations stay `incomplete-setup` until these platform fields are set. */
const manualRequiredFields = ["platformIss", "clientId", "accessTokenUrl", "authorizationUrl", "jwksUrl"] as const;
const deploymentUpdatable = ["deploymentId", "deploymentBreakdownId", "enableEmailMatching"] as const;
const standaloneUpdatable = [
    "deploymentId",
    "platformIss",
    "platformName",
    "clientId",
    "accessTokenUrl",
    "authorizationUrl",
    "jwksUrl",
    "enableEmailMatching",
] as const;

/** Flat's own tool endpoints, the same for every 1.3 configuration. */
const toolEndpoints = {
    publicKeysetUrl: "https://flat.io/lti/v1p3/jwks",
    initiateLoginUrl: "https://flat.io/lti/v1p3/login",
    redirectUris: ["https://flat.io/lti/v1p3/launch"],
};

function credentialsView(c: FlatLtiCredentialsRecord, withSecret: boolean): LtiCredentialsAnswer {
    const { consumerSecret, ...rest } = c;
    return withSecret ? { ...rest, consumerSecret } : { ...rest };
}

/** A `1p1` configuration: the unified view of LTI 1.1 credentials (secret included for admins). */
function config1p1View(s: FlatState, c: FlatLtiCredentialsRecord): LtiConfiguration1p1Answer {
    return omitUndefined({
        id: c.id,
        ltiVersion: "1p1" as const,
        organizationId: c.organization,
        organizationName: orgById(s, c.organization)?.name,
        creatorId: c.creator,
        creationDate: c.creationDate,
        lastUsedDate: c.lastUsage ?? null,
        status: c.lastUsage ? ("in-use" as const) : ("ready-to-use" as const),
        consumerKey: c.consumerKey,
        consumerSecret: c.consumerSecret,
        lms: c.lms,
        name: c.name,
    });
}

/** Every configuration of one organization (or of all), oldest first, as the list endpoint shows them. */
export function configurationsOf(
    s: FlatState,
    orgId: string | undefined,
): (LtiConfiguration1p1Answer | FlatLti13Record)[] {
    const all = [
        ...s.credentials.filter((c) => orgId === undefined || c.organization === orgId).map((c) => config1p1View(s, c)),
        ...[...s.lti.values()].filter((c) => orgId === undefined || c.organizationId === orgId),
    ];
    // Ids start with the creation second and end with a counter: sorting them sorts by creation.
    return all.sort((a, b) => a.id.localeCompare(b.id));
}

function ltiBase(ctx: OrgContext) {
    return {
        id: ctx.state.newId(),
        organizationId: ctx.org.id,
        organizationName: ctx.org.name,
        creatorId: ctx.principal.user.id,
        creationDate: ctx.state.iso(),
        lastUsedDate: null,
    };
}

function new1p1(ctx: OrgContext, name: string, lms: LmsName): FlatLtiCredentialsRecord {
    const record: FlatLtiCredentialsRecord = {
        id: ctx.state.newId(),
        name,
        lms,
        organization: ctx.org.id,
        creator: ctx.principal.user.id,
        creationDate: ctx.state.iso(),
        consumerKey: randomUUID().toUpperCase(),
        consumerSecret: randomBytes(24).toString("base64url"),
        enableEmailMatching: true,
    };
    ctx.state.credentials.push(record);
    return record;
}

function remove1p1(ctx: OrgContext): boolean {
    const credentials = ctx.state.credentials;
    const at = credentials.findIndex((c) => c.id === ctx.params[0] && c.organization === ctx.org.id);
    if (at < 0) return false;
    credentials.splice(at, 1);
    return true;
}

function manualStatus(c: LtiConfiguration1p3Answer): LtiConfiguration1p3Answer["status"] {
    return manualRequiredFields.every((f) => typeof c[f] === "string" && c[f] !== "")
        ? "ready-to-use"
        : "incomplete-setup";
}

export function listCredentials(ctx: OrgContext): EmulatorResponse {
    // The list leaves the consumer secret out: it is shown once, by create.
    return ok(ctx.state.credentials.filter((c) => c.organization === ctx.org.id).map((c) => credentialsView(c, false)));
}

export function createCredentials(ctx: OrgContext): EmulatorResponse {
    const body = validBody<{ name: string; lms: LmsName }>(ctx.req, "ltiCredentialsCreation");
    if (isAnswer(body)) return body;
    return ok(credentialsView(new1p1(ctx, body.value.name, body.value.lms), true));
}

export function revokeCredentials(ctx: OrgContext): EmulatorResponse {
    return remove1p1(ctx) ? noContent : notFound("Credentials not found");
}

export function listConfigurations(ctx: OrgContext): EmulatorResponse {
    // The caller is an admin, so secrets and registration fields are included.
    return ok(configurationsOf(ctx.state, ctx.org.id));
}

export function createConfiguration(ctx: OrgContext): EmulatorResponse {
    const got = bodyOf(ctx.req);
    if (isAnswer(got)) return got;
    const mode = (got.body as { mode?: unknown } | null)?.mode;
    const schemaByMode: Record<string, FlatSchemaName> = {
        "1p1-manual": "ltiCreate1p1",
        "1p3-dynamic": "ltiCreate1p3Dynamic",
        "1p3-deployment": "ltiCreate1p3Deployment",
        "1p3-manual": "ltiCreate1p3Manual",
    };
    if (typeof got.body !== "object" || got.body === null || Array.isArray(got.body))
        return clientError("body must be object", "body");
    if (typeof mode !== "string" || !(mode in schemaByMode)) {
        return clientError(`mode must be one of ${Object.keys(schemaByMode).join(", ")}`, "mode");
    }
    const violation = checkSchema(schemaByMode[mode], got.body);
    if (violation) return clientError(violation.message, violation.param);
    const b = got.body as Record<string, unknown> & { mode: string };
    if (mode === "1p1-manual") return ok(config1p1View(ctx.state, new1p1(ctx, b.name as string, b.lms as LmsName)));

    let record: FlatLti13Record;
    if (mode === "1p3-dynamic") {
        const info = (b.platformInfo ?? {}) as { name?: string };
        const token = randomBytes(24).toString("hex");
        const locale = typeof b.locale === "string" ? `?locale=${encodeURIComponent(b.locale)}` : "";
        record = omitUndefined({
            ...ltiBase(ctx),
            ...toolEndpoints,
            ltiVersion: "1p3" as const,
            mode: "1p3-dynamic" as const,
            status: "incomplete-setup" as const,
            platformName: info.name,
            enableEmailMatching: true,
            registrationToken: token,
            registrationUrl: `https://flat.io/lti/v1p3/register/${token}${locale}`,
            registrationTokenUsed: false,
            registrationCompletionDate: null,
        });
    } else if (mode === "1p3-deployment") {
        const key = b.deploymentType as string;
        const parents = ctx.state.deploymentParents;
        if (!parents.has(key)) parents.set(key, ctx.state.newId());
        record = omitUndefined({
            ...ltiBase(ctx),
            ...toolEndpoints,
            ltiVersion: "1p3" as const,
            mode: "1p3-deployment" as const,
            status: "ready-to-use" as const,
            platformName: key,
            deploymentKey: key,
            parentId: parents.get(key),
            deploymentId: b.deploymentId as string,
            clientId: b.clientId as string | undefined,
            deploymentBreakdownId: b.deploymentBreakdownId as string | undefined,
            enableEmailMatching: true,
        });
    } else {
        const { mode: _mode, ...fields } = b;
        const draft: FlatLti13Record = {
            ...ltiBase(ctx),
            ...toolEndpoints,
            ltiVersion: "1p3",
            mode: "1p3-manual",
            deploymentMode: "single",
            enableEmailMatching: true,
            ...(fields as LtiConfiguration1p3Fields),
        };
        record = { ...draft, status: manualStatus(draft) };
    }
    ctx.state.lti.set(record.id, record);
    return ok({ ...record });
}

export function updateConfiguration(ctx: OrgContext): EmulatorResponse {
    if (ctx.state.credentials.some((c) => c.id === ctx.params[0] && c.organization === ctx.org.id)) {
        return clientError("LTI 1.1 configurations are not editable");
    }
    const c = ctx.state.lti.get(ctx.params[0]);
    if (!c || c.organizationId !== ctx.org.id) return notFound("Configuration not found");
    const deployment = c.mode === "1p3-deployment";
    const body = validBody<LtiConfiguration1p3Fields>(
        ctx.req,
        deployment ? "ltiUpdateDeployment" : "ltiUpdateStandalone",
    );
    if (isAnswer(body)) {
        const param = (body.body as { param?: string }).param;
        const allowed = deployment ? deploymentUpdatable : standaloneUpdatable;
        if (param && !(allowed as readonly string[]).includes(param) && param !== "body") {
            return clientError(
                `${param} cannot be updated on a ${c.mode} configuration (allowed: ${allowed.join(", ")})`,
                param,
            );
        }
        return body;
    }
    Object.assign(c, body.value);
    if (c.mode === "1p3-manual") c.status = manualStatus(c);
    return ok({ ...c });
}

export function deleteConfiguration(ctx: OrgContext): EmulatorResponse {
    if (remove1p1(ctx)) return noContent;
    const c = ctx.state.lti.get(ctx.params[0]);
    if (!c || c.organizationId !== ctx.org.id) return notFound("Configuration not found");
    ctx.state.lti.delete(c.id);
    return noContent;
}
