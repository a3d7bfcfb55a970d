// The whole module.exports is the provider: serialized by reference as one require() line (design rule 1).
import { defineProvider } from "../core/dynamic";
import { handlers } from "./organizationUsers";

export = defineProvider(handlers);
