// Marks the page title, so a session shows at a glance that the extension was loaded.
document.title = `[agb] ${document.title}`;
