/**
 * `flat.LtiConfiguration`: one LTI 1.1 or 1.3 connection between an LMS and Flat, the API's
 * replacement (2.22+) for the deprecated LTI 1.1 credentials. API:
 * `createLtiConfiguration`, `updateLtiConfiguration`, `deleteLtiConfiguration`, read through the
 * unpaginated `listLtiConfigurations`.
 *
 * `mode` chooses how the configuration is created and which inputs it takes:
 * - `1p1-manual`: LTI 1.1 consumer key and secret for `name` and `lms`;
 * - `1p3-manual`: an LTI 1.3 registration whose platform values (issuer, client id, endpoints) are
 *   entered here, as Canvas developer keys need;
 * - `1p3-dynamic`: LTI 1.3 dynamic registration: Flat returns a one-time `registrationUrl` to paste
 *   into the LMS, which then fills in the platform values itself;
 * - `1p3-deployment`: a deployment of a platform Flat already knows (`deploymentType`: canvas,
 *   schoology, classlink…), identified by the platform's `deploymentId`.
 *
 * The PUT changes LTI 1.3 configurations only, and only the fields of `LtiConfigurationUpdate` for
 * that kind (deployment clones: `LtiConfigurationUpdateDeployment`; manual and dynamic ones:
 * `LtiConfigurationUpdateStandalone`); every other change replaces, the new configuration first.
 */
import * as pulumi from "@pulumi/pulumi";
import { checkInputs, oneOf, Rules } from "../core/check";
import { ArgsOf, input, InputsOf, output, OutputsOf, rulesOf } from "../core/fields";
import { createOnce } from "../core/createOnce";
import {
    ChangeKind,
    CheckFailure,
    diffInputs,
    equal,
    Handlers,
    isUnknown,
    Props,
    ResourceInitError,
    sanitize,
} from "../core/dynamic";
import { ResourceLabel } from "../core/errors";
import { FlatClient, flatClient } from "./client";
import { warnIfLtiReplaced } from "./ltiReplacement";
import {
    LmsName,
    lmsNames,
    LtiConfiguration as Configuration,
    LtiConfiguration1p3,
    LtiConfigurationCreate,
    LtiConfigurationMode,
    ltiConfigurationModes,
    LtiConfigurationUpdate,
} from "./models";

/** Platform information sent with a dynamic registration. */
export interface LtiPlatformInfo {
    /** Display name of the platform. */
    name?: string;
    /** Homepage or admin URL of the platform, for reference. */
    url?: string;
}

/**
 * Every field, once. Inputs belong to modes (`modeFields` below); LTI 1.3 configurations report
 * their platform values in every mode (dynamic registration fills them in).
 */
export const fields = {
    /**
     * How the configuration is created: `1p1-manual`, `1p3-manual`, `1p3-dynamic` or `1p3-deployment`; a change
     * replaces.
     */
    mode: input<LtiConfigurationMode>().required({ type: "string", enum: ltiConfigurationModes }),
    /** `1p1-manual`, required: display name of the LTI 1.1 credentials (1–300 characters). */
    name: input<string>().optional({ type: "string", minLength: 1, maxLength: 300 }),
    /**
     * `1p1-manual`, required: the LMS (canvas, moodle, schoology, blackboard, desire2learn, sakai, schoolbox, other).
     */
    lms: input<LmsName>().optional({ type: "string", enum: lmsNames }),
    /** `1p3-dynamic`: the platform's name and URL, shown in Flat. */
    platformInfo: input<LtiPlatformInfo, { name?: pulumi.Input<string>; url?: pulumi.Input<string> }>().optional(),
    /** `1p3-dynamic`: language of the registration page (normalized by Flat to a supported locale). */
    locale: input<string>().optional({ type: "string", minLength: 2, maxLength: 10 }),
    /**
     * `1p3-deployment`, required: the parent platform key, e.g. `canvas`, `schoology`, `classlink`; a change
     * replaces.
     */
    deploymentType: input<string>().optional({ type: "string", minLength: 1 }),
    /** `1p3-deployment` (required) and `1p3-manual`: the platform's deployment id; updated in place. */
    deploymentId: input<string>().optional({ type: "string", minLength: 1 }),
    /**
     * `1p3-deployment` and `1p3-manual`: the OAuth 2 client id the platform allocated (ClassLink
     * deployments need it). Updated in place in `1p3-manual`; a change replaces a deployment.
     */
    clientId: input<string>().optional({ type: "string", minLength: 1 }),
    /**
     * `1p3-deployment`: the custom claim value that identifies this tenant on multi-tenant platforms (Schoology);
     * updated in place.
     */
    deploymentBreakdownId: input<string>().optional({ type: "string", minLength: 1 }),
    /** `1p3-manual`: the platform's issuer, e.g. `https://canvas.instructure.com`. */
    platformIss: input<string>().optional({ type: "string", format: "url" }),
    /** `1p3-manual`: the platform's display name. */
    platformName: input<string>().optional({ type: "string", minLength: 1 }),
    /** `1p3-manual`: the platform's OAuth 2 token endpoint. */
    accessTokenUrl: input<string>().optional({ type: "string", format: "url" }),
    /** `1p3-manual`: the platform's OIDC authorization endpoint. */
    authorizationUrl: input<string>().optional({ type: "string", format: "url" }),
    /** `1p3-manual`: the platform's JWKS (public keys) endpoint. */
    jwksUrl: input<string>().optional({ type: "string", format: "url" }),
    /**
     * LTI 1.3 modes: match LMS users to existing Flat accounts by email (default `true`, Flat's
     * default). Sent at creation in `1p3-manual`, applied by an update right after creation in the
     * other 1.3 modes when it differs from what Flat chose; updated in place.
     */
    enableEmailMatching: input<boolean>().optional({ type: "boolean" }),
    /**
     * Take over the existing configuration with this id instead of creating one: the LMS keeps its
     * connection. Its mode and the inputs a change would replace must be the declared ones; declared
     * values that can be updated and differ are sent as one update. Any mode.
     */
    adoptId: input<string>().optional({ type: "string", minLength: 1 }),
    /** `1p1` or `1p3`. */
    ltiVersion: output<"1p1" | "1p3">().always(),
    /** `ready-to-use`, `in-use` or `incomplete-setup` (a manual configuration still missing platform values). */
    status: output<string>().optional(),
    creationDate: output<string>().optional(),
    organizationId: output<string>().optional(),
    creatorId: output<string>().optional(),
    /** LTI 1.1: the OAuth 1 consumer key to enter in the LMS. */
    consumerKey: output<string>().optional(),
    /** LTI 1.1: the consumer secret (secret); kept from creation when a list omits it. */
    consumerSecret: output<string>().optional({ secret: true }),
    /** LTI 1.3: Flat's JWKS URL, to enter in the LMS. */
    publicKeysetUrl: output<string>().optional(),
    /** LTI 1.3: Flat's OIDC login initiation URL, to enter in the LMS. */
    initiateLoginUrl: output<string>().optional(),
    /** LTI 1.3: Flat's launch (redirect) URIs, to enter in the LMS. */
    redirectUris: output<string[]>().optional(),
    deploymentMode: output<string>().optional(),
    /** `1p3-deployment`: the platform-wide parent configuration. */
    parentId: output<string>().optional(),
    /** `1p3-deployment`: the parent platform's key. */
    deploymentKey: output<string>().optional(),
    /** `1p3-dynamic`: the one-time registration token (secret). */
    registrationToken: output<string>().optional({ secret: true }),
    /** `1p3-dynamic`: the one-time registration URL to paste into the LMS (secret). */
    registrationUrl: output<string>().optional({ secret: true }),
    registrationTokenUsed: output<boolean>().optional(),
    registrationCompletionDate: output<string | null>().optional(),
};

export type LtiConfigurationArgs = ArgsOf<typeof fields>;
/** Inputs after `check`: only the fields of the chosen mode. */
export type LtiConfigurationInputs = InputsOf<typeof fields>;
export type LtiConfigurationOutputs = OutputsOf<typeof fields>;

type Field = Exclude<keyof LtiConfigurationInputs, "mode" | "adoptId">;

/** Each mode's inputs and how a change to each is applied (`update`: through `LtiConfigurationUpdate`). */
const modeFields: Readonly<Record<LtiConfigurationMode, Readonly<Partial<Record<Field, ChangeKind>>>>> = {
    "1p1-manual": { name: "replace", lms: "replace" },
    "1p3-manual": {
        platformIss: "update",
        platformName: "update",
        clientId: "update",
        deploymentId: "update",
        accessTokenUrl: "update",
        authorizationUrl: "update",
        jwksUrl: "update",
        enableEmailMatching: "update",
    },
    "1p3-dynamic": { platformInfo: "replace", locale: "replace", enableEmailMatching: "update" },
    "1p3-deployment": {
        deploymentType: "replace",
        clientId: "replace",
        deploymentId: "update",
        deploymentBreakdownId: "update",
        enableEmailMatching: "update",
    },
};

/** Required by the mode (the create schemas, and LTI 1.1 credentials need a name and an LMS). */
const modeRequired: Readonly<Record<LtiConfigurationMode, readonly Field[]>> = {
    "1p1-manual": ["name", "lms"],
    "1p3-manual": [],
    "1p3-dynamic": [],
    "1p3-deployment": ["deploymentType", "deploymentId"],
};

/** Create-time secrets that a lost create response would leave unknown, per mode. */
const modeSecrets: Readonly<Record<LtiConfigurationMode, readonly (keyof LtiConfigurationOutputs)[]>> = {
    "1p1-manual": ["consumerSecret"],
    "1p3-manual": [],
    "1p3-dynamic": ["registrationToken", "registrationUrl"],
    "1p3-deployment": [],
};

/** Platform values every LTI 1.3 configuration reports. */
const platformFields = [
    "platformIss",
    "platformName",
    "clientId",
    "deploymentId",
    "accessTokenUrl",
    "authorizationUrl",
    "jwksUrl",
] as const;

const rules = rulesOf(fields);

const platformInfoRules: Rules = {
    name: { type: "string", minLength: 1 },
    url: { type: "string", format: "url" },
};

async function check(_olds: Partial<LtiConfigurationInputs>, news: Record<string, unknown>) {
    const { inputs, failures } = checkInputs<LtiConfigurationInputs>(news, rules);
    const info = checkPlatformInfo(news.platformInfo);
    if (info.value !== undefined) inputs.platformInfo = info.value;
    failures.push(...info.failures);
    const mode = inputs.mode;
    if (isUnknown(mode) || !(ltiConfigurationModes as readonly string[]).includes(mode)) return { inputs, failures };
    const failed = new Set(failures.map((f) => f.property.split(".")[0]));
    for (const field of Object.keys(inputs) as (keyof LtiConfigurationInputs)[]) {
        if (field === "mode" || field === "adoptId" || failed.has(field) || field in modeFields[mode]) continue;
        const owners = ltiConfigurationModes.filter((m) => field in modeFields[m]);
        failures.push({
            property: field,
            reason: `${field} is not an input of mode ${mode}; it belongs to ${owners.join(", ")}`,
        });
    }
    for (const field of modeRequired[mode]) {
        if (inputs[field] === undefined)
            failures.push({ property: field, reason: `${field} is required in mode ${mode}${oneOf(rules[field])}` });
    }
    // Flat's default, made explicit: Flat always reports the value, so a refresh would otherwise see drift.
    if (mode !== "1p1-manual" && inputs.enableEmailMatching === undefined) inputs.enableEmailMatching = true;
    return { inputs, failures };
}

/** `platformInfo` is the one object input: its fields go through the same rules, named `platformInfo.<field>`. */
function checkPlatformInfo(value: unknown): { value?: LtiPlatformInfo; failures: CheckFailure[] } {
    if (value === undefined || value === null) return { failures: [] };
    if (isUnknown(value)) return { value, failures: [] };
    if (typeof value !== "object" || Array.isArray(value)) {
        return {
            failures: [
                { property: "platformInfo", reason: "platformInfo must be an object with optional name and url" },
            ],
        };
    }
    const r = checkInputs<LtiPlatformInfo>(value as Props, platformInfoRules);
    return {
        value: r.inputs,
        failures: r.failures.map((f) => ({
            property: `platformInfo.${f.property}`,
            reason: `platformInfo.${f.reason}`,
        })),
    };
}

async function diff(id: string, olds: LtiConfigurationOutputs, news: LtiConfigurationInputs) {
    const result =
        isUnknown(news.mode) || news.mode !== olds.mode
            ? { changes: true, replaces: ["mode"], deleteBeforeReplace: false }
            : diffInputs(olds, news, modeFields[news.mode]);
    return warnIfLtiReplaced(result, `flat.LtiConfiguration ${id} (${olds.mode})`, olds.ltiVersion);
}

async function create(inputs: LtiConfigurationInputs) {
    const client = flatClient();
    if (inputs.adoptId !== undefined) return adopt(client, inputs, inputs.adoptId);
    const startedAt = Date.now();
    const created = await createOnce<Configuration>({
        create: () => client.createLtiConfiguration(createBody(inputs)),
        find: () => findOrDeleteOrphan(client, inputs, startedAt),
    });
    const outs = toOutputs(created, inputs, undefined);
    // Deployment and dynamic creation take no enableEmailMatching: the update that accepts it follows.
    if (
        inputs.mode !== "1p3-manual" &&
        inputs.enableEmailMatching !== undefined &&
        outs.enableEmailMatching !== inputs.enableEmailMatching
    ) {
        try {
            const updated = await client.updateLtiConfiguration(created.id, {
                enableEmailMatching: inputs.enableEmailMatching,
            });
            if (!updated) throw new Error("the configuration disappeared right after its creation");
            return { id: created.id, outs: toOutputs(updated, inputs, outs) };
        } catch (err) {
            throw new ResourceInitError(
                `created LTI configuration ${created.id} but could not set enableEmailMatching: ` +
                    `${(err as Error).message}`,
                created.id,
                { ...outs },
                undefined,
                { cause: err },
            );
        }
    }
    return { id: created.id, outs };
}

/**
 * An existing configuration by id. Absence, another mode, or a declared value that only a
 * replacement could apply are errors: a new configuration would disconnect the LMS. Updatable
 * values that differ are sent in one update; equal values cost no write.
 */
async function adopt(client: FlatClient, inputs: LtiConfigurationInputs, id: string) {
    const found = (await client.configurations.all()).find((c) => c.id === id);
    const failed = (reason: string) => new Error(`flat.LtiConfiguration ${id}: adopt: ${reason}`);
    if (!found) throw failed("the organization has no LTI configuration with this id; remove adoptId to create one");
    // Flat's own view: create-only inputs it does not report stay unset and are not compared.
    const current = toOutputs(found, { mode: inputs.mode }, undefined);
    if (current.mode !== inputs.mode)
        throw failed(`it is a ${current.mode} configuration; declare mode "${current.mode}"`);
    const differing = (Object.entries(modeFields[inputs.mode]) as [Field, ChangeKind][]).filter(
        ([field, kind]) =>
            kind === "replace" &&
            inputs[field] !== undefined &&
            current[field] !== undefined &&
            !equal(current[field], inputs[field]),
    );
    if (differing.length) {
        throw failed(
            `it has ${differing.map(([f]) => `${f} ${JSON.stringify(current[f])}`).join(" and ")}; declare ` +
                `${differing.length > 1 ? "those values" : "that value"} (a change would replace the configuration)`,
        );
    }
    const adopted = toOutputs(found, inputs, undefined);
    const body = changedFields(adopted, inputs);
    if (Object.keys(body).length === 0) return { id, outs: adopted };
    try {
        const updated = await client.updateLtiConfiguration(id, body);
        if (!updated) throw new Error("the configuration disappeared while being adopted");
        return { id, outs: toOutputs(updated, inputs, adopted) };
    } catch (err) {
        // Recorded with Flat's current values, so the next `up` diffs and updates it.
        throw new ResourceInitError(
            `adopted LTI configuration ${id} but could not apply the declared values: ${(err as Error).message}`,
            id,
            { ...adopted },
            undefined,
            { cause: err },
        );
    }
}

/** The `LtiConfigurationCreate` variant of the mode, with only its fields. */
function createBody(i: LtiConfigurationInputs): LtiConfigurationCreate {
    switch (i.mode) {
        case "1p1-manual":
            return { mode: i.mode, name: i.name, lms: i.lms };
        case "1p3-dynamic":
            return { mode: i.mode, platformInfo: i.platformInfo, locale: i.locale };
        case "1p3-deployment":
            return {
                mode: i.mode,
                deploymentType: i.deploymentType!,
                deploymentId: i.deploymentId!,
                clientId: i.clientId,
                deploymentBreakdownId: i.deploymentBreakdownId,
            };
        case "1p3-manual":
            return {
                mode: i.mode,
                platformIss: i.platformIss,
                platformName: i.platformName,
                clientId: i.clientId,
                deploymentId: i.deploymentId,
                accessTokenUrl: i.accessTokenUrl,
                authorizationUrl: i.authorizationUrl,
                jwksUrl: i.jwksUrl,
                enableEmailMatching: i.enableEmailMatching,
            };
    }
}

/**
 * After a lost create response: a configuration created moments ago with the declared values is
 * ours. Adopt it when the list shows its create-time secrets; otherwise nobody can ever learn them
 * (the consumer secret, the one-time registration URL), so delete it and create it again.
 */
async function findOrDeleteOrphan(
    client: FlatClient,
    inputs: LtiConfigurationInputs,
    startedAt: number,
): Promise<Configuration | undefined> {
    // Ten minutes of slack for the difference between our clock and Flat's.
    const recent = (c: Configuration) => !c.creationDate || Date.parse(c.creationDate) >= startedAt - 10 * 60_000;
    const candidates = (await client.configurations.fresh()).filter((c) => recent(c) && declares(c, inputs));
    const orphan = candidates[candidates.length - 1];
    if (!orphan) return undefined;
    const listed: Props = { ...orphan };
    if (modeSecrets[inputs.mode].every((f) => listed[f] !== undefined)) return orphan;
    await client.deleteLtiConfiguration(orphan.id);
    return undefined;
}

/** Whether `c` shows the declared values (those Flat reports back). */
function declares(c: Configuration, i: LtiConfigurationInputs): boolean {
    if (c.ltiVersion === "1p1") return i.mode === "1p1-manual" && c.name === i.name && c.lms === i.lms;
    if (c.mode !== i.mode) return false;
    const same = (reported: unknown, declared: unknown) =>
        declared === undefined || reported === undefined || reported === declared;
    return (
        platformFields.every((f) => same(c[f], i[f])) &&
        same(c.deploymentBreakdownId, i.deploymentBreakdownId) &&
        same(c.deploymentKey, i.deploymentType) &&
        same(c.platformName, i.platformInfo?.name)
    );
}

async function read(id: string, props: LtiConfigurationOutputs) {
    const found = (await flatClient().configurations.all()).find((c) => c.id === id);
    // Gone: the engine drops it from state on refresh.
    if (!found) return {};
    const outs = toOutputs(found, props, props);
    return { id, props: outs, inputs: declaredBy(outs) };
}

/** The inputs that declare a configuration with these outputs: its mode's fields. */
function declaredBy(outs: LtiConfigurationOutputs): LtiConfigurationInputs {
    const inputs: Props = { mode: outs.mode, adoptId: outs.adoptId };
    for (const field of Object.keys(modeFields[outs.mode]) as Field[]) inputs[field] = outs[field];
    return inputs as unknown as LtiConfigurationInputs;
}

/**
 * The inputs that declare an existing configuration as Flat lists it, adopted by its id (for
 * `edu-org export`). Create-only inputs Flat does not report (dynamic `platformInfo`, `locale`) stay unset.
 */
export function adoptionInputs(c: Configuration): LtiConfigurationInputs {
    const { adoptId: _unset, ...declared } = declaredBy(toOutputs(c, {}, undefined));
    return sanitize({ ...declared, adoptId: c.id });
}

async function update(id: string, olds: LtiConfigurationOutputs, news: LtiConfigurationInputs) {
    const body = changedFields(olds, news);
    if (Object.keys(body).length === 0) return { outs: { ...olds, ...news } };
    const updated = await flatClient().updateLtiConfiguration(id, body);
    if (!updated)
        throw new Error(`flat.LtiConfiguration ${id} no longer exists; run \`pulumi refresh\` to recreate it`);
    return { outs: toOutputs(updated, news, olds) };
}

async function remove(id: string) {
    // Already gone counts as deleted.
    await flatClient().deleteLtiConfiguration(id);
}

/** The `LtiConfigurationUpdate` body: the mode's updatable fields that were declared and differ. */
function changedFields(olds: LtiConfigurationOutputs, news: LtiConfigurationInputs): LtiConfigurationUpdate {
    const body: Props = {};
    for (const [field, kind] of Object.entries(modeFields[news.mode]) as [Field, ChangeKind][]) {
        if (kind === "update" && news[field] !== undefined && !equal(olds[field], news[field]))
            body[field] = news[field];
    }
    return body;
}

/**
 * Outputs from Flat's view. Create-only inputs Flat does not report (dynamic `platformInfo` and
 * `locale`, the deployment's `deploymentType`) and create-time secrets a list omits come from
 * `inputs` and `known`. The volatile `lastUsedDate` is left out.
 */
function toOutputs(
    c: Configuration,
    inputs: Partial<LtiConfigurationInputs>,
    known: LtiConfigurationOutputs | undefined,
): LtiConfigurationOutputs {
    const common = {
        adoptId: inputs.adoptId,
        creationDate: c.creationDate,
        organizationId: c.organizationId,
        creatorId: c.creatorId,
        status: c.status,
    };
    if (c.ltiVersion === "1p1") {
        return {
            ...common,
            mode: "1p1-manual",
            ltiVersion: "1p1",
            name: c.name ?? inputs.name,
            lms: (c.lms as LmsName | undefined) ?? inputs.lms,
            consumerKey: c.consumerKey,
            consumerSecret: c.consumerSecret ?? known?.consumerSecret,
        };
    }
    const platform: Partial<LtiConfiguration1p3> = {};
    for (const f of platformFields) platform[f] = c[f];
    return {
        ...common,
        ...platform,
        mode: c.mode ?? inputs.mode!,
        ltiVersion: "1p3",
        platformInfo: inputs.platformInfo,
        locale: inputs.locale,
        deploymentType: inputs.deploymentType ?? c.deploymentKey,
        deploymentBreakdownId: c.deploymentBreakdownId,
        enableEmailMatching: c.enableEmailMatching,
        publicKeysetUrl: c.publicKeysetUrl,
        initiateLoginUrl: c.initiateLoginUrl,
        redirectUris: c.redirectUris,
        deploymentMode: c.deploymentMode,
        parentId: c.parentId,
        deploymentKey: c.deploymentKey,
        registrationToken: c.registrationToken ?? known?.registrationToken,
        registrationUrl: c.registrationUrl ?? known?.registrationUrl,
        registrationTokenUsed: c.registrationTokenUsed,
        registrationCompletionDate: c.registrationCompletionDate,
    };
}

/** How this resource is named in its errors. */
export const label: ResourceLabel<LtiConfigurationInputs, LtiConfigurationOutputs> = {
    type: "flat.LtiConfiguration",
    name: (p) => p.name ?? p.platformName,
};

export const handlers: Handlers<LtiConfigurationInputs, LtiConfigurationOutputs> = {
    check,
    diff,
    create,
    read,
    update,
    delete: remove,
};
