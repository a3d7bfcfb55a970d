// The whole module.exports is the provider. Installed in node_modules, it is what the closure serializer
// captures by reference, so each resource's `__provider` is one require() line: no code, no credential.
import { defineProvider } from "../core/dynamic";
import { labelled } from "../core/errors";
import { handlers, label } from "./organizationMember";

export = defineProvider(labelled(label, handlers));
