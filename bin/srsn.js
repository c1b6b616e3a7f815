#!/usr/bin/env node
// `npx srsn`: the facilitator CLI. Its sources are TypeScript (cli/); tsx's scoped
// loader compiles them on import, so nothing is built first and no global hook is left.
import { tsImport } from 'tsx/esm/api';

const { main } = await tsImport('../cli/main.ts', import.meta.url);
process.exitCode = await main();
