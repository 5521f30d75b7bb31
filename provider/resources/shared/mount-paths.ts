/** Where a session mounts its browser contexts: the Session schema checks them, BrowserExtension writes there. */

/** Mount path of the browser-data sync (docs/agb-protocol.md §14). */
export const BROWSER_DATA_PATH = "/tmp/agb_browser_data";
/** Mount path of the extension sync (docs/agb-protocol.md §14, Python SDK). */
export const EXTENSIONS_PATH = "/tmp/extensions/";
