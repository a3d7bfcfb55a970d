/**
 * `flat.LtiCredentials`: a pair of LTI 1.1 OAuth credentials for an LMS.
 * API: `createLtiCredentials`, `revokeLtiCredentials`, read through `listLtiCredentials`
 * (deprecated since 2.22 in favour of `flat.LtiConfiguration`, still served). No update exists:
 * any change replaces, new credentials first so the LMS can be switched over before the old
 * ones are revoked.
 */
import { checkInputs } from "../core/check";
import { ArgsOf, changesOf, Complete, input, inputsFrom, InputsOf, output, OutputsOf, rulesOf } from "../core/fields";
import { createOnce } from "../core/createOnce";
import { diffInputs, Handlers } from "../core/dynamic";
import { ResourceLabel } from "../core/errors";
import { FlatClient, flatClient } from "./client";
import { warnIfLtiReplaced } from "./ltiReplacement";
import { LmsName, lmsNames, LtiCredentials as Credentials } from "./models";

export const fields = {
    /** Name of the credentials (1–300 characters). */
    name: input<string>().required({ type: "string", minLength: 1, maxLength: 300 }, { change: "replace" }),
    /** The LMS: canvas, moodle, schoology, blackboard, desire2learn, sakai, schoolbox or other. */
    lms: input<LmsName>().required({ type: "string", enum: lmsNames }, { change: "replace" }),
    /**
     * Take over the existing credentials with this consumer key instead of creating new ones (no
     * request is made, and the LMS keeps working). Their name and LMS must be the declared ones.
     */
    adoptConsumerKey: input<string>().optional({ type: "string", minLength: 1 }),
    /** OAuth 1 consumer key to enter in the LMS. */
    consumerKey: output<string>().always(),
    /** OAuth 1 consumer secret (secret). Returned by create; kept from then on if lists omit it. */
    consumerSecret: output<string>().optional({ secret: true }),
    creator: output<string>().optional(),
    creationDate: output<string>().optional(),
    organization: output<string>().optional(),
};

export type LtiCredentialsArgs = ArgsOf<typeof fields>;
export type LtiCredentialsInputs = InputsOf<typeof fields>;
export type LtiCredentialsOutputs = OutputsOf<typeof fields>;

const rules = rulesOf(fields);
const changeKinds = changesOf(fields);

async function check(_olds: Partial<LtiCredentialsInputs>, news: Record<string, unknown>) {
    return checkInputs<LtiCredentialsInputs>(news, rules);
}

async function diff(_id: string, olds: LtiCredentialsOutputs, news: LtiCredentialsInputs) {
    const result = diffInputs(olds, news, changeKinds);
    return warnIfLtiReplaced(result, `flat.LtiCredentials ${olds.name} (consumer key ${olds.consumerKey})`, "1p1");
}

async function create(inputs: LtiCredentialsInputs) {
    const client = flatClient();
    if (inputs.adoptConsumerKey !== undefined) return adopt(client, inputs, inputs.adoptConsumerKey);
    const startedAt = Date.now();
    const created = await createOnce({
        create: () => client.createLtiCredentials({ name: inputs.name, lms: inputs.lms }),
        find: () => findOrRevokeOrphan(client, inputs, startedAt),
    });
    return { id: created.id!, outs: toOutputs(created, undefined, inputs) };
}

/** Existing credentials by consumer key: new ones would break the LMS that uses these, so absence is an error. */
async function adopt(client: FlatClient, inputs: LtiCredentialsInputs, consumerKey: string) {
    const found = (await client.credentials.all()).find((c) => c.consumerKey === consumerKey);
    if (!found) {
        throw new Error(
            `flat.LtiCredentials ${inputs.name}: adopt: the organization has no LTI credentials with consumer key ` +
                `${consumerKey}; remove adoptConsumerKey to create new credentials`,
        );
    }
    const differing = (["name", "lms"] as const).filter((k) => found[k] !== inputs[k]);
    if (differing.length) {
        throw new Error(
            `flat.LtiCredentials ${inputs.name}: adopt: the credentials with consumer key ${consumerKey} have ` +
                `${differing.map((k) => `${k} ${JSON.stringify(found[k])}`).join(" and ")}; declare ` +
                `${differing.length > 1 ? "those values" : "that value"} (a change would replace them with a new ` +
                `consumer key)`,
        );
    }
    return { id: found.id!, outs: toOutputs(found, undefined, inputs) };
}

/**
 * After a lost create response: credentials that were created but whose secret never reached us
 * are useless to anyone, so they are revoked and created again; with their secret listed, adopt them.
 */
async function findOrRevokeOrphan(
    client: FlatClient,
    inputs: LtiCredentialsInputs,
    startedAt: number,
): Promise<Credentials | undefined> {
    const orphan = (await client.credentials.fresh()).find(
        (c) =>
            c.name === inputs.name &&
            c.lms === inputs.lms &&
            (!c.creationDate || Date.parse(c.creationDate) >= startedAt - 10 * 60_000),
    );
    if (!orphan || orphan.consumerSecret) return orphan;
    await client.revokeLtiCredentials(orphan.id!);
    return undefined;
}

async function read(id: string, props: LtiCredentialsOutputs) {
    const found = (await flatClient().credentials.all()).find((c) => c.id === id);
    if (!found) return {};
    const outs = toOutputs(found, props.consumerSecret, props);
    return { id, props: outs, inputs: inputsFrom(fields, outs) };
}

async function update(_id: string, olds: LtiCredentialsOutputs, news: LtiCredentialsInputs) {
    // Only providerVersion can change without a replacement.
    return { outs: { ...olds, ...news } };
}

async function remove(id: string) {
    await flatClient().revokeLtiCredentials(id);
}

function toOutputs(
    c: Credentials,
    knownSecret: string | undefined,
    inputs: Pick<LtiCredentialsInputs, "adoptConsumerKey">,
): Complete<LtiCredentialsOutputs> {
    return {
        name: c.name!,
        lms: c.lms!,
        adoptConsumerKey: inputs.adoptConsumerKey,
        consumerKey: c.consumerKey!,
        consumerSecret: c.consumerSecret ?? knownSecret,
        creator: c.creator,
        creationDate: c.creationDate,
        organization: c.organization,
    };
}

/** How this resource is named in its errors. */
export const label: ResourceLabel<LtiCredentialsInputs, LtiCredentialsOutputs> = {
    type: "flat.LtiCredentials",
    name: (p) => p.name,
};

export const handlers: Handlers<LtiCredentialsInputs, LtiCredentialsOutputs> = {
    check,
    diff,
    create,
    read,
    update,
    delete: remove,
};
