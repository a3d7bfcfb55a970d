// ESLint flat config: typescript-eslint's recommended rules with type information for every TypeScript
// file of tsconfig.json, and the plain recommended rules for the CommonJS scripts Jest and npm run
// untransformed. Formatting is Prettier's job (`npm run lint` runs both).
"use strict";
const eslint = require("@eslint/js");
const tseslint = require("typescript-eslint");

// The Node globals the CommonJS scripts use.
const nodeGlobals = Object.fromEntries(
    [
        "require",
        "module",
        "exports",
        "__dirname",
        "__filename",
        "process",
        "console",
        "Buffer",
        "setTimeout",
        "clearTimeout",
        "setInterval",
        "clearInterval",
        "URL",
        "fetch",
    ].map((name) => [name, "readonly"]),
);

module.exports = tseslint.config(
    { ignores: ["dist/", "bench/dist/", "coverage/", "tests/.tmp/", ".pulumi-state/", "**/*.d.ts"] },
    eslint.configs.recommended,
    ...tseslint.configs.recommendedTypeChecked,
    {
        // The root tsconfig.json, not each file's nearest one: the examples' own tsconfig.json resolve
        // "pulumi-edu-org" to the installed package, which does not exist before the first test run.
        languageOptions: { parserOptions: { project: ["./tsconfig.json"], tsconfigRootDir: __dirname } },
        rules: {
            // Handlers implement Pulumi's Promise-returning interfaces; `async` without `await` keeps a
            // synchronous throw a rejected promise, which is what the engine expects.
            "@typescript-eslint/require-await": "off",
            // `const { secret: _secret, ...rest } = x` is how a field is left out of a copy.
            "@typescript-eslint/no-unused-vars": ["error", { ignoreRestSiblings: true }],
            // `import x = require("...")` is typed; it is how a module whose whole export is one value is imported.
            "@typescript-eslint/no-require-imports": ["error", { allowAsImport: true }],
        },
    },
    {
        files: ["tests/**/*.ts"],
        rules: {
            // Tests stand at the wire: they read raw JSON answers, drive Pulumi's dynamic.ResourceProvider
            // (whose check/create/read results @pulumi/pulumi types as `any`) and gRPC structs, and compare
            // with Jest's asymmetric matchers (typed `any`). The assertions check those values; a type
            // would only restate them.
            "@typescript-eslint/no-unsafe-assignment": "off",
            "@typescript-eslint/no-unsafe-member-access": "off",
            "@typescript-eslint/no-unsafe-return": "off",
            "@typescript-eslint/no-unsafe-call": "off",
            "@typescript-eslint/no-unsafe-argument": "off",
            "@typescript-eslint/no-explicit-any": "off",
            // Tests save methods to restore them after patching, and pass gRPC's static decoders as values.
            "@typescript-eslint/unbound-method": "off",
            // Tests load modules where they need them: provider modules as the engine does, some by a
            // computed path into the installed package, some only after a mock is in place.
            "@typescript-eslint/no-require-imports": "off",
        },
    },
    {
        files: ["**/*.js"],
        extends: [tseslint.configs.disableTypeChecked],
        languageOptions: { sourceType: "commonjs", globals: nodeGlobals },
        rules: {
            // CommonJS scripts have no other way to load modules.
            "@typescript-eslint/no-require-imports": "off",
        },
    },
);
