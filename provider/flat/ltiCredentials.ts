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
import { withSecretOutputs } from "../core/resource";
import { FlatClient, flatClient } from "./client";
import { LmsName, lmsNames, LtiCredentials as Credentials } from "./models";

export interface LtiCredentialsArgs {
    /** Name of the credentials (1–300 characters). */
    name: pulumi.Input<string>;
    /** The LMS: canvas, moodle, schoology, blackboard, desire2learn, sakai, schoolbox or other. */
    lms: pulumi.Input<LmsName>;
}

export interface LtiCredentialsInputs {
    name: string;
    lms: LmsName;
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
};

async function check(_olds: Partial<LtiCredentialsInputs>, news: Record<string, unknown>) {
    return checkInputs<LtiCredentialsInputs>(news, rules);
}

async function diff(_id: string, olds: LtiCredentialsOutputs, news: LtiCredentialsInputs) {
    return diffInputs(olds, news, { name: "replace", lms: "replace" });
}

async function create(inputs: LtiCredentialsInputs) {
    const client = flatClient();
    const startedAt = Date.now();
    const created = await createOnce({
        create: () => client.createLtiCredentials({ name: inputs.name, lms: inputs.lms }),
        find: () => findOrRevokeOrphan(client, inputs, startedAt),
    });
    return { id: created.id!, outs: toOutputs(created, undefined) };
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
    const outs = toOutputs(found, props.consumerSecret);
    return { id, props: outs, inputs: { name: outs.name, lms: outs.lms } };
}

async function update(_id: string, olds: LtiCredentialsOutputs, news: LtiCredentialsInputs) {
    // Only providerVersion can change without a replacement.
    return { outs: { ...olds, ...news } };
}

async function remove(id: string) {
    await flatClient().revokeLtiCredentials(id);
}

function toOutputs(c: Credentials, knownSecret: string | undefined): LtiCredentialsOutputs {
    return {
        name: c.name!,
        lms: c.lms!,
        consumerKey: c.consumerKey!,
        consumerSecret: c.consumerSecret ?? knownSecret,
        creator: c.creator,
        creationDate: c.creationDate,
        organization: c.organization,
    };
}

export const handlers: Handlers<LtiCredentialsInputs, LtiCredentialsOutputs> = {
    check,
    diff,
    create,
    read,
    update,
    delete: remove,
};

export class LtiCredentials extends pulumi.dynamic.Resource {
    declare readonly name: pulumi.Output<string>;
    declare readonly lms: pulumi.Output<LmsName>;
    declare readonly consumerKey: pulumi.Output<string>;
    declare readonly consumerSecret: pulumi.Output<string>;
    declare readonly creator: pulumi.Output<string | undefined>;
    declare readonly creationDate: pulumi.Output<string | undefined>;
    declare readonly organization: pulumi.Output<string | undefined>;

    constructor(name: string, args: LtiCredentialsArgs, opts?: pulumi.CustomResourceOptions) {
        const props = {
            consumerKey: undefined,
            consumerSecret: undefined,
            creator: undefined,
            creationDate: undefined,
            organization: undefined,
            ...args,
        };
        super(
            require("./ltiCredentials.provider"),
            name,
            props,
            withSecretOutputs(opts, ["consumerSecret"]),
            "flat",
            "LtiCredentials",
        );
    }

    /** Reads existing credentials by id; their secret is only known where Flat's list returns it. */
    static get(name: string, id: pulumi.Input<string>, opts?: pulumi.CustomResourceOptions): LtiCredentials {
        return new LtiCredentials(name, {} as LtiCredentialsArgs, { ...opts, id });
    }
}
