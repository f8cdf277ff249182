"""`veilig web`: the medewerker's dialogue in a browser, served with textual-serve.

`mode` is what the app itself needs to know (imported by the TUI, so it stays light);
`child` is the command that runs one app process per browser session; `server` is the
aiohttp server that checks the token, keeps one data folder per session and starts the
children.
"""
