/**
 * `flat.LtiCredentials`: a pair of LTI 1.1 OAuth credentials for an LMS.
 * API: `createLtiCredentials`, `revokeLtiCredentials`, read through `listLtiCredentials`
 * (deprecated since 2.22 in favour of `flat.LtiConfiguration`, still served). No update exists:
 * any change replaces, new credentials first so the LMS can be switched over before the old
 * ones are revoked.
 */
import * as pulumi from "@pulumi/pulumi";
import { checkInputs, Rules } from "../core/check";
import { createOnce } from "../core/createOnce";
import { diffInputs, Handlers } from "../core/dynamic";
import { ResourceLabel } from "../core/errors";
import { FlatClient, flatClient } from "./client";
import { warnIfLtiReplaced } from "./ltiReplacement";
import { LmsName, lmsNames, LtiCredentials as Credentials } from "./models";

export interface LtiCredentialsArgs {
    /** Name of the credentials (1–300 characters). */
    name: pulumi.Input<string>;
    /** The LMS: canvas, moodle, schoology, blackboard, desire2learn, sakai, schoolbox or other. */
    lms: pulumi.Input<LmsName>;
    /**
     * Take over the existing credentials with this consumer key instead of creating new ones (no
     * request is made, and the LMS keeps working). Their name and LMS must be the declared ones.
     */
    adoptConsumerKey?: pulumi.Input<string>;
}

export interface LtiCredentialsInputs {
    name: string;
    lms: LmsName;
    adoptConsumerKey?: string;
}

export interface LtiCredentialsOutputs extends LtiCredentialsInputs {
    /** OAuth 1 consumer key to enter in the LMS. */
    consumerKey: string;
    /** OAuth 1 consumer secret (secret). Returned by create; kept from then on if lists omit it. */
    consumerSecret?: string;
    creator?: string;
    creationDate?: string;
    organization?: string;
}

const rules: Rules = {
    name: { type: "string", required: true, minLength: 1, maxLength: 300 },
    lms: { type: "string", required: true, enum: lmsNames },
    adoptConsumerKey: { type: "string", minLength: 1 },
};

async function check(_olds: Partial<LtiCredentialsInputs>, news: Record<string, unknown>) {
    return checkInputs<LtiCredentialsInputs>(news, rules);
}

async function diff(_id: string, olds: LtiCredentialsOutputs, news: LtiCredentialsInputs) {
    const result = diffInputs(olds, news, { name: "replace", lms: "replace" });
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
            `flat.LtiCredentials ${inputs.name}: adopt: the organization has no LTI credentials with consumer key ${consumerKey}; remove adoptConsumerKey to create new credentials`,
        );
    }
    const differing = (["name", "lms"] as const).filter((k) => found[k] !== inputs[k]);
    if (differing.length) {
        throw new Error(
            `flat.LtiCredentials ${inputs.name}: adopt: the credentials with consumer key ${consumerKey} have ${differing.map((k) => `${k} ${JSON.stringify(found[k])}`).join(" and ")}; declare ${differing.length > 1 ? "those values" : "that value"} (a change would replace them with a new consumer key)`,
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
    return { id, props: outs, inputs: { name: outs.name, lms: outs.lms, adoptConsumerKey: outs.adoptConsumerKey } };
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
): LtiCredentialsOutputs {
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
