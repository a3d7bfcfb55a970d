// The value lists that the provider and the emulator each declare from Flat's spec. They are kept
// apart on purpose (the emulator imports no provider model, so one wrong model cannot be mirrored
// on both sides); this test holds both to the spec, so neither can drift.
import * as emulator from "../../emulator/flatSchemas";
import * as provider from "../../provider/flat/models";
import { describeWithFlatSpec, flatSpecEnum } from "../support/flatSpec";

type Name = keyof typeof provider & keyof typeof emulator;
const lists: { name: Name; at: [schema: string, property?: string] }[] = [
    { name: "organizationRoles", at: ["OrganizationRoles"] },
    { name: "invitationRoles", at: ["OrganizationInvitationCreation", "organizationRole"] },
    { name: "lmsNames", at: ["LmsName"] },
    { name: "appScopes", at: ["AppScopes"] },
];

describeWithFlatSpec("the enums of Flat's spec, as the provider and the emulator declare them", () => {
    it.each(lists)("$name is the spec's $at", ({ name, at }) => {
        const spec = [...flatSpecEnum(...at)].sort();
        expect([...(provider[name] as readonly string[])].sort()).toEqual(spec);
        expect([...(emulator[name] as readonly string[])].sort()).toEqual(spec);
    });
});
