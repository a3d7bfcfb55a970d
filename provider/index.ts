/**
 * pulumi-edu-org: Flat for Education and EduBase organizations as Pulumi resources.
 *
 * Type tokens (part of every URN, so stable): `pulumi-nodejs:dynamic/flat:<Type>` and
 * `pulumi-nodejs:dynamic/edubase:<Type>`.
 */
import * as edubase from "./edubase";
import * as flat from "./flat";
import * as roster from "./roster";

export { edubase, flat, roster };
