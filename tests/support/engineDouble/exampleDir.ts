// A program directory for an example as a user has it after `npm install`: the example's files
// (Pulumi.yaml, package.json, tsconfig.json, *.ts) beside node_modules with the packed pulumi-edu-org
// (extracted from `npm pack`'s tarball) and @pulumi/pulumi.
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { ROOT } from "../../../scripts/pack";
import { installPackage } from "../installPackage";

export interface ExampleDir {
    dir: string;
    /** `name` from the example's Pulumi.yaml. */
    project: string;
}

export function exampleDir(example: string, name = `runtime-${example}`): ExampleDir {
    const source = path.join(ROOT, "examples", example);
    const { dir } = installPackage(name);
    for (const file of fs.readdirSync(source)) {
        if (file === "node_modules" || (file.startsWith("Pulumi.") && file !== "Pulumi.yaml")) continue;
        const from = path.join(source, file);
        if (fs.statSync(from).isFile()) fs.copyFileSync(from, path.join(dir, file));
    }
    const project = (yaml.load(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8")) as { name: string }).name;
    return { dir, project };
}
