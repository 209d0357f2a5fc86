package nbexec

// WriteRunLog exposes writeRunLog to the external tests of this package, so that the format
// of NAME.log is checked against its reader (package internal/results).
var WriteRunLog = writeRunLog
