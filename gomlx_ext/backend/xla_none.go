//go:build !cgo || noxla

package backend

const xlaCompiledIn = false

func disableXLAAutoInstall() {}

func installedPlugin() string { return "" }
