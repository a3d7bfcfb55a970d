/**
 * Bearer authentication (organization admin tokens and delegated access tokens), delegated access
 * tokens (`POST /organizations/users/{user}/accessToken`) and sign-in links
 * (`POST /organizations/users/{user}/signinLink`).
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { AccessTokenAnswer, AppScope, SigninLinkAnswer } from "../flatSchemas";
import type { EmulatorRequest, EmulatorResponse } from "../types";
import { error, isAnswer, notFound, ok, OrgContext, Principal, validBody } from "./requests";
import type { FlatAccessTokenRecord, FlatSigninLinkRecord, FlatState } from "./state";
import { memberOf } from "./users";

/** The caller behind the request's bearer token, or the 401 answer. */
export function authenticate(s: FlatState, req: EmulatorRequest): Principal | EmulatorResponse {
    const header = req.headers.authorization;
    const match = typeof header === "string" ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) return error(401, "UNAUTHORIZED", "Missing access token");
    const token = match[1];
    const org = s.organizations.find((o) => o.adminToken === token);
    if (org) {
        const user = s.users.get(org.adminUserId);
        if (user) return { token, user };
    }
    const delegated = s.accessTokens.get(token);
    if (delegated) {
        if (Date.parse(delegated.expirationDate) <= s.now()) return error(401, "UNAUTHORIZED", "Access token expired");
        const user = s.users.get(delegated.userId);
        if (user) return { token, user, scopes: delegated.scopes };
    }
    return error(401, "UNAUTHORIZED", "Invalid access token");
}

export function createSigninLink(ctx: OrgContext): EmulatorResponse {
    const user = memberOf(ctx);
    if (!user) return notFound("User not found");
    const body = validBody<{ destinationPath?: string }>(ctx.req, "signinLinkCreation");
    if (isAnswer(body)) return body;
    const s = ctx.state;
    const destinationPath = body.value.destinationPath ?? "/";
    const token = randomUUID();
    const link: FlatSigninLinkRecord = {
        userId: user.id,
        organization: ctx.org.id,
        destinationPath,
        token,
        url: `https://${ctx.org.subdomain}.flat.io/auth/signin-link/${token}?next=${encodeURIComponent(destinationPath)}`,
        expirationDate: s.iso(s.now() + s.signinLinkTtlMs),
    };
    s.signinLinks.push(link);
    const answer: SigninLinkAnswer = { url: link.url, token: link.token, expirationDate: link.expirationDate };
    return ok(answer);
}

/** The user a sign-in link token signs in, or undefined when unknown, expired or no longer a member. */
export function signinLinkUser(s: FlatState, token: string): string | undefined {
    const link = s.signinLinks.find((l) => l.token === token);
    return link &&
        Date.parse(link.expirationDate) > s.now() &&
        s.users.get(link.userId)?.organization === link.organization
        ? link.userId
        : undefined;
}

export function createAccessToken(ctx: OrgContext): EmulatorResponse {
    const user = memberOf(ctx);
    if (!user) return notFound("User not found");
    const body = validBody<{ scopes: AppScope[] }>(ctx.req, "accessTokenCreation");
    if (isAnswer(body)) return body;
    const s = ctx.state;
    const issued = s.now();
    const record: FlatAccessTokenRecord = {
        id: s.newId(),
        name: `Delegated access for ${user.username}`,
        token: randomBytes(32).toString("hex"),
        userId: user.id,
        organization: ctx.org.id,
        issuedDate: s.iso(issued),
        expirationDate: s.iso(issued + s.accessTokenTtlMs),
        scopes: [...new Set(body.value.scopes)],
    };
    s.accessTokens.set(record.token, record);
    const answer: AccessTokenAnswer = {
        id: record.id,
        name: record.name,
        token: record.token,
        issuedDate: record.issuedDate,
        expirationDate: record.expirationDate,
        scopes: record.scopes,
    };
    return ok(answer);
}
