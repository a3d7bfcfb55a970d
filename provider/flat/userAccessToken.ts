/**
 * `flat.UserAccessToken`: a delegated access token that lets a program act as one organization user
 * for a limited time. API: `createOrganizationUserAccessToken` (2.15+). Flat has no list and no
 * revoke for these tokens: `read` keeps the state and only notices when the user
 * is gone, `delete` forgets the token (it stays valid until it expires), and renewal is a
 * replacement that `diff` schedules from `expirationDate` and `renewBefore`.
 */
import * as pulumi from "@pulumi/pulumi";
import { checkInputs } from "../core/check";
import { ArgsOf, changesOf, Complete, input, inputsFrom, InputsOf, output, OutputsOf, rulesOf } from "../core/fields";
import { createOnce } from "../core/createOnce";
import { diffInputs, Handlers } from "../core/dynamic";
import { ResourceLabel } from "../core/errors";
import { fingerprint } from "../core/listCache";
import { warnIfBornDue, withRenewal } from "../core/renewal";
import { flatClient } from "./client";
import { ApiAccessToken, AppScope, appScopes } from "./models";

/**
 * Renewal window when none is given. Flat does not document the tokens' lifetime; its OAuth tokens
 * live 24 h (`expires_in` 86400), and 6 h before the end leaves most of that day of use.
 */
export const defaultTokenRenewBefore = "6h";

export const fields = {
    /** The Flat user id the token acts for, e.g. a `flat.OrganizationUser`'s `id`. */
    user: input<string>().required(
        { type: "string", minLength: 1, hint: "the Flat user id the token acts for" },
        { change: "replace" },
    ),
    /** One or more of Flat's `AppScopes`, e.g. `["edu.admin.users.readonly"]`; a change replaces. */
    scopes: input<AppScope[], pulumi.Input<AppScope>[]>().required(
        { type: "string[]", minItems: 1, enum: appScopes },
        { change: "replace" },
    ),
    /**
     * When less than this remains before `expirationDate`, the next preview shows a replacement and
     * the next up issues a new token (a duration such as `72h`, `90m`, `7d`; default `6h`). Keep it
     * shorter than the token's lifetime, or every run replaces the token.
     */
    renewBefore: input<string>().defaulted(
        { type: "string", format: "duration", default: defaultTokenRenewBefore },
        { change: "update" },
    ),
    /** The full token (secret): Flat shows it once, in the create response. */
    token: output<string>().always({ secret: true }),
    /** Flat's id of the token; also the resource id. */
    tokenId: output<string>().always(),
    issuedDate: output<string>().optional(),
    expirationDate: output<string>().optional(),
};

export type UserAccessTokenArgs = ArgsOf<typeof fields>;
/** Inputs after `check`: `renewBefore` defaulted. */
export type UserAccessTokenInputs = InputsOf<typeof fields>;
export type UserAccessTokenOutputs = OutputsOf<typeof fields>;

const rules = rulesOf(fields);
const changeKinds = changesOf(fields);

async function check(_olds: Partial<UserAccessTokenInputs>, news: Record<string, unknown>) {
    return checkInputs<UserAccessTokenInputs>(news, rules);
}

async function diff(_id: string, olds: UserAccessTokenOutputs, news: UserAccessTokenInputs) {
    // Scopes are a set: Flat may return them in another order.
    const base = diffInputs(
        { ...olds, scopes: sorted(olds.scopes) },
        { ...news, scopes: sorted(news.scopes) },
        changeKinds,
    );
    return withRenewal(base, olds.expirationDate, news.renewBefore);
}

async function create(inputs: UserAccessTokenInputs) {
    const client = flatClient();
    // Nothing can find a token whose response was lost: sending the POST again is the only way to
    // get one we know. The lost one is unusable to anyone and expires on its own.
    const issued = await createOnce<ApiAccessToken | undefined>({
        create: () => client.createOrganizationUserAccessToken(inputs.user, { scopes: inputs.scopes }),
        find: async () => undefined,
    });
    if (!issued?.token) throw new Error(`user ${inputs.user} is not a member of the organization`);
    const outs = toOutputs(issued, inputs);
    warnIfBornDue(`flat.UserAccessToken for user ${inputs.user}`, outs.expirationDate, inputs.renewBefore);
    return { id: outs.tokenId, outs };
}

async function read(id: string, props: UserAccessTokenOutputs) {
    // Flat cannot list tokens: the state is the only record. A token dies with its user's membership.
    if (!props.user || !(await flatClient().users.find(props.user))) return {};
    return { id, props, inputs: inputsFrom(fields, props) };
}

async function update(_id: string, olds: UserAccessTokenOutputs, news: UserAccessTokenInputs) {
    // Only renewBefore (and providerVersion) change in place; neither reaches the API.
    return { outs: { ...olds, renewBefore: news.renewBefore } };
}

async function remove(id: string, props: UserAccessTokenOutputs) {
    void pulumi.log.warn(
        `flat.UserAccessToken ${id} for user ${props.user} is forgotten, not revoked: Flat has no revoke for ` +
            `delegated tokens, so it stays valid until ${props.expirationDate ?? "it expires"} (or until the user ` +
            `leaves the organization)`,
    );
}

function sorted(scopes: AppScope[] | undefined): AppScope[] | undefined {
    return scopes && [...scopes].sort();
}

function toOutputs(t: ApiAccessToken, inputs: UserAccessTokenInputs): Complete<UserAccessTokenOutputs> {
    const token = t.token!;
    return {
        ...inputs,
        scopes: t.scopes ?? inputs.scopes,
        token,
        // The spec leaves `id` optional; a digest of the token is a stable, non-secret stand-in.
        tokenId: t.id ?? fingerprint(token),
        issuedDate: t.issuedDate,
        expirationDate: t.expirationDate,
    };
}

/** How this resource is named in its errors. */
export const label: ResourceLabel<UserAccessTokenInputs, UserAccessTokenOutputs> = {
    type: "flat.UserAccessToken",
    name: (p) => p.user,
};

export const handlers: Handlers<UserAccessTokenInputs, UserAccessTokenOutputs> = {
    check,
    diff,
    create,
    read,
    update,
    delete: remove,
};
