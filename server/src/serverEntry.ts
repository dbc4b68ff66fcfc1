/** Entry of the bundled dist/server.js that the VS Code client starts (the CLI's `lsp` command calls startServer itself). */
import { startServer } from './main';

startServer();
