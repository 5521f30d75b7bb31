/**
 * `pulumi-resource-agb`: the `agb` provider plugin. The engine starts it with its own address as
 * the first argument; it serves `agb:index:Session`, `Context`, `ContextFile`, `BrowserExtension`
 * and the `get*` functions from the dynamic form's handlers (provider.ts).
 */
import { main } from "@pulumi/pulumi/provider";
import { installConfigureHook } from "./engine-hooks";
import { connectEngineLog } from "./engine-log";
import { agbProvider } from "./provider";

// The argument parser `main` itself uses, so both agree on which argument is the engine address.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parseArgs } = require("@pulumi/pulumi/provider/internals") as { parseArgs(a: string[]): { engineAddress?: string } | undefined };

const args = process.argv.slice(2);
installConfigureHook();
connectEngineLog(parseArgs(args)?.engineAddress);
void main(agbProvider, args);
