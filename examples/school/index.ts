// A school's Flat for Education organization as code: staff and a grade of students, an invitation
// for the IT admin, and LTI credentials for Canvas.
import * as pulumi from "@pulumi/pulumi";
import { flat } from "pulumi-edu-org";
import { Person, students, teachers } from "./roster";

export = async () => {
    const cfg = new pulumi.Config();
    const initialPassword = cfg.requireSecret("initialPassword");

    const user = (p: Person, role: flat.OrganizationRole) =>
        new flat.OrganizationUser(p.username, {
            username: p.username, email: p.email, firstname: p.firstname, lastname: p.lastname, role,
            password: initialPassword, locale: "en",
            // Students keep their scores when they leave: convert them to individual accounts.
            onDelete: role === "user" ? "convertToIndividual" : "delete",
        });

    const staff = teachers.map((t) => user(t, "teacher"));
    const grade9 = students.map((s) => user(s, "user"));

    const itAdmin = new flat.OrganizationInvitation("it-admin", { email: "it@school.example", role: "admin" });
    const canvas = new flat.LtiCredentials("canvas", { name: "Canvas production", lms: "canvas" });

    return {
        teacherIds: staff.map((u) => u.id),
        studentCount: grade9.length,
        adminInvitationUsed: itAdmin.appliedToExistingMember,
        consumerKey: canvas.consumerKey,
        consumerSecret: canvas.consumerSecret,
    };
};
