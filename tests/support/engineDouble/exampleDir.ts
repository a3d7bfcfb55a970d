// A program directory for an example as a user has it after `npm install`: the example's files
// (Pulumi.yaml, package.json, tsconfig.json, *.ts, data directories) beside node_modules with the
// packed pulumi-edu-org (extracted from `npm pack`'s tarball) and @pulumi/pulumi.
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { ROOT } from "../../../scripts/pack";
import { installPackage } from "../installPackage";
import { isSecret } from "../secrets";
import { ConfigEntry, EngineDouble } from "./index";

export interface ExampleDir {
    dir: string;
    /** `name` from the example's Pulumi.yaml. */
    project: string;
}

export function exampleDir(example: string, name = `runtime-${example}`): ExampleDir {
    const source = path.join(ROOT, "examples", example);
    const { dir } = installPackage(name);
    for (const file of fs.readdirSync(source)) {
        // Stack files are the test's to write; a user's own node_modules is not part of the example.
        if (file === "node_modules" || (file.startsWith("Pulumi.") && file !== "Pulumi.yaml")) continue;
        fs.cpSync(path.join(source, file), path.join(dir, file), { recursive: true });
    }
    const project = (yaml.load(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8")) as { name: string }).name;
    return { dir, project };
}

/**
 * An example installed by exampleDir with an engine double for its `dev` stack, whose Pulumi.dev.yaml
 * holds `config` in the form the tests' seeders return (tests/support/examples.ts): keys without a
 * namespace are the project's, secret wrappers become `--secret` values.
 */
export function runtimeExample(example: string, config: Record<string, unknown>): EngineDouble {
    const { dir, project } = exampleDir(example);
    const engine = new EngineDouble({ dir, project });
    const entries: Record<string, ConfigEntry> = {};
    for (const [k, v] of Object.entries(config))
        entries[k.includes(":") ? k : `${project}:${k}`] = isSecret(v) ? { secret: String(v.value) } : String(v);
    engine.setConfig(entries);
    return engine;
}
