/**
 * EduBase steps as memberships per organization: every resource is a set of (organization, user)
 * pairs with one level (a department, or explicit permission levels), so each step is the difference
 * between the pairs it stored and the pairs it declares now.
 */
import { Props } from "./previewDocument";
import { Interpreter, isUnknown, StepView, str, strings } from "./stepView";

/** (organization → user → level) */
type Pairs = Map<string, Map<string, string>>;

/** How a membership's level reads: its department, or `<organization role>/<content rights>`. */
function level(p: Props): string {
    const department = str(p.department);
    if (department !== undefined) return `department ${department}`;
    return `${str(p.permissionOrganization) ?? "member"}/${str(p.permissionContent) ?? "none"}`;
}

function product(organizations: string[], users: string[], lvl: string): Pairs {
    return new Map(organizations.map((o) => [o, new Map(users.map((u) => [u, lvl]))]));
}

/** The pairs a resource's values declare, or undefined when some are not known until apply. */
type PairsOf = (p: Props) => Pairs | undefined;

const single: PairsOf = (p) => {
    const organization = str(p.organization);
    const user = str(p.user);
    return organization && user ? product([organization], [user], level(p)) : undefined;
};

const set: PairsOf = (p) => {
    const organizations = strings(p.organizations);
    const users = strings(p.users);
    return organizations && users && !isUnknown(p.department) ? product(organizations, users, level(p)) : undefined;
};

const userSet: PairsOf = (p) => {
    const organizations = strings(p.organizations);
    const user = str(p.user);
    return organizations && user ? product(organizations, [user], level(p)) : undefined;
};

function memberships(type: string, pairsOf: PairsOf): Interpreter {
    return (step: StepView, into) => {
        const empty: Pairs = new Map();
        // A replacement removes the old pairs and adds the new ones, even where they coincide.
        const before = step.op === "create" || step.op === "import" ? empty : pairsOf(step.olds);
        const after = step.op === "delete" ? empty : pairsOf(step.news);
        if (!before || !after) {
            into.note(`${type} ${step.name}: memberships not known until apply; they are not counted`);
            return;
        }
        const replaced = step.op === "replace";
        for (const organization of new Set([...before.keys(), ...after.keys()])) {
            const was = (!replaced && before.get(organization)) || new Map<string, string>();
            const now = after.get(organization) ?? new Map<string, string>();
            const org = into.edubase(step.provider, organization);
            if (replaced)
                for (const [user, lvl] of before.get(organization) ?? []) org.removed.push({ user, level: lvl });
            for (const [user, lvl] of was) if (!now.has(user)) org.removed.push({ user, level: lvl });
            for (const [user, lvl] of now) {
                const old = was.get(user);
                if (old === undefined) org.added.push({ user, level: lvl });
                else if (old !== lvl) org.permissionChanges.push({ who: user, from: old, to: lvl });
            }
        }
    };
}

export const edubaseInterpreters: Readonly<Record<string, Interpreter>> = {
    "edubase:OrganizationMember": memberships("edubase.OrganizationMember", single),
    "edubase:OrganizationMembers": memberships("edubase.OrganizationMembers", set),
    "edubase:UserOrganizations": memberships("edubase.UserOrganizations", userSet),
};
