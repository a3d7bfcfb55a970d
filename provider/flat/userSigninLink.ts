/**
 * `flat.UserSigninLink`: a one-click sign-in URL for one organization user, e.g. for a kiosk or a
 * portal tile. API: `createOrganizationUserSigninLink` (2.15+). Like delegated tokens, links can be
 * neither listed nor revoked: `read` keeps the state and only notices when the
 * user is gone, `delete` forgets the link, and renewal is a replacement scheduled by `diff`.
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
import { UserSigninLink as Link } from "./models";

/** Renewal window when none is given; Flat does not document the links' lifetime (the emulator's is 1 h). */
export const defaultSigninLinkRenewBefore = "15m";

export const fields = {
    /** The Flat user id the link signs in, e.g. a `flat.OrganizationUser`'s `id`. */
    user: input<string>().required(
        { type: "string", minLength: 1, hint: "the Flat user id the link signs in" },
        { change: "replace" },
    ),
    /**
     * Where the user lands after signing in, a path starting with `/` (default `/`, e.g. `/class`); a change
     * replaces.
     */
    destinationPath: input<string>().defaulted({ type: "string", format: "path", default: "/" }, { change: "replace" }),
    /**
     * When less than this remains before `expirationDate`, the next preview shows a replacement and
     * the next up issues a new link (a duration such as `15m` or `2h`; default `15m`). Keep it
     * shorter than the link's lifetime, or every run replaces the link.
     */
    renewBefore: input<string>().defaulted(
        { type: "string", format: "duration", default: defaultSigninLinkRenewBefore },
        { change: "update" },
    ),
    /** The one-click sign-in URL (secret): whoever opens it is signed in as the user. */
    url: output<string>().always({ secret: true }),
    /** The raw sign-in token, for building custom links (secret). */
    token: output<string>().optional({ secret: true }),
    expirationDate: output<string>().optional(),
};

export type UserSigninLinkArgs = ArgsOf<typeof fields>;
/** Inputs after `check`: defaults applied. */
export type UserSigninLinkInputs = InputsOf<typeof fields>;
export type UserSigninLinkOutputs = OutputsOf<typeof fields>;

const rules = rulesOf(fields);
const changeKinds = changesOf(fields);

async function check(_olds: Partial<UserSigninLinkInputs>, news: Record<string, unknown>) {
    return checkInputs<UserSigninLinkInputs>(news, rules);
}

async function diff(_id: string, olds: UserSigninLinkOutputs, news: UserSigninLinkInputs) {
    const base = diffInputs(olds, news, changeKinds);
    return withRenewal(base, olds.expirationDate, news.renewBefore);
}

async function create(inputs: UserSigninLinkInputs) {
    const client = flatClient();
    // A link whose response was lost cannot be found; it is unusable to anyone and expires on its own.
    const link = await createOnce<Link | undefined>({
        create: () => client.createOrganizationUserSigninLink(inputs.user, { destinationPath: inputs.destinationPath }),
        find: async () => undefined,
    });
    if (!link?.url) throw new Error(`user ${inputs.user} is not a member of the organization`);
    const outs: Complete<UserSigninLinkOutputs> = {
        ...inputs,
        url: link.url,
        token: link.token,
        expirationDate: link.expirationDate,
    };
    warnIfBornDue(`flat.UserSigninLink for user ${inputs.user}`, outs.expirationDate, inputs.renewBefore);
    // The API gives links no id; a digest of the URL is stable and reveals nothing.
    return { id: fingerprint(link.url), outs };
}

async function read(id: string, props: UserSigninLinkOutputs) {
    // Flat cannot list links: the state is the only record. A link dies with its user's membership.
    if (!props.user || !(await flatClient().users.find(props.user))) return {};
    return { id, props, inputs: inputsFrom(fields, props) };
}

async function update(_id: string, olds: UserSigninLinkOutputs, news: UserSigninLinkInputs) {
    // Only renewBefore (and providerVersion) change in place; neither reaches the API.
    return { outs: { ...olds, renewBefore: news.renewBefore } };
}

async function remove(id: string, props: UserSigninLinkOutputs) {
    void pulumi.log.warn(
        `flat.UserSigninLink ${id} for user ${props.user} is forgotten, not revoked: Flat has no revoke for ` +
            `sign-in links, so it stays valid until ${props.expirationDate ?? "it expires"} (or until the user ` +
            `leaves the organization)`,
    );
}

/** How this resource is named in its errors. */
export const label: ResourceLabel<UserSigninLinkInputs, UserSigninLinkOutputs> = {
    type: "flat.UserSigninLink",
    name: (p) => p.user,
};

export const handlers: Handlers<UserSigninLinkInputs, UserSigninLinkOutputs> = {
    check,
    diff,
    create,
    read,
    update,
    delete: remove,
};
