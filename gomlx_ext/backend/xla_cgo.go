//go:build cgo && !noxla

package backend

import (
	"os"

	"github.com/gomlx/gomlx/backends/xla"
)

const xlaCompiledIn = true

func disableXLAAutoInstall() { xla.EnableAutoInstall(false) }

// installedPlugin returns the preferred PJRT plugin already on this machine ("cuda", "cpu", ...) or "".
// It never downloads: auto-install is switched off before go-xla searches its paths.
func installedPlugin() (plugin string) {
	if os.Getenv("DEEPNB_NO_XLA") != "" {
		return ""
	}
	disableXLAAutoInstall()
	defer func() {
		// go-xla v0.1.4 panics on an invalid .so in a search directory; treat that as "no plugin".
		if recover() != nil {
			plugin = ""
		}
	}()
	plugins := xla.GetAvailablePlugins()
	for _, preferred := range xla.DefaultPlugins {
		for _, p := range plugins {
			if p == preferred {
				return p
			}
		}
	}
	if len(plugins) > 0 {
		return plugins[0]
	}
	return ""
}
