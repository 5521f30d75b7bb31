// Command gen-sdk writes a language SDK for a Pulumi package from its schema.json, with the code
// generators of the pinned pkg/v3 (the same module the CLI is built from, so it shares that build).
//
// Why not `pulumi package gen-sdk`: the CLI asks the language host for the SDK, and the Python host
// cannot be built here (the Go module proxy refuses its module), while the generators themselves are
// plain packages of pkg/v3.
//
// Usage: go run ./gen-sdk --schema <schema.json> --language python|nodejs|go --out <folder>
// The folder is emptied first, so a field removed from the schema leaves no stale file behind.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/blang/semver"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

const tool = "pulumi-agb gen-sdk"

// noDependencies is the schema loader for a package that references no other package: the agb
// schema names none, so any request for one is a mistake in the schema and fails loudly.
type noDependencies struct{}

func (noDependencies) fail(name string) error {
	return fmt.Errorf("the schema references package %q; gen-sdk loads no other package", name)
}

func (l noDependencies) LoadPackage(pkg string, _ *semver.Version) (*schema.Package, error) {
	return nil, l.fail(pkg)
}

func (l noDependencies) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, l.fail(d.Name)
}

func (l noDependencies) LoadPackageReference(pkg string, _ *semver.Version) (schema.PackageReference, error) {
	return nil, l.fail(pkg)
}

func (l noDependencies) LoadPackageReferenceV2(_ context.Context, d *schema.PackageDescriptor) (schema.PackageReference, error) {
	return nil, l.fail(d.Name)
}

func main() {
	schemaPath := flag.String("schema", "", "the package schema (schema.json)")
	language := flag.String("language", "python", "python, nodejs or go")
	out := flag.String("out", "", "the folder to write the SDK into (emptied first)")
	flag.Parse()
	if err := run(*schemaPath, *language, *out); err != nil {
		fmt.Fprintf(os.Stderr, "gen-sdk: %v\n", err)
		os.Exit(1)
	}
}

func run(schemaPath, language, out string) error {
	if schemaPath == "" || out == "" {
		return errors.New("--schema and --out are required")
	}
	text, err := os.ReadFile(schemaPath)
	if err != nil {
		return err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(text, &spec); err != nil {
		return fmt.Errorf("%s is not a package schema: %w", schemaPath, err)
	}
	// BindSpec validates the schema against Pulumi's metaschema too (ImportSpec would not).
	pkg, diags, err := schema.BindSpec(spec, noDependencies{}, schema.ValidationOptions{})
	if err != nil {
		return err
	}
	if diags.HasErrors() {
		return fmt.Errorf("%s: %s", schemaPath, diags.Error())
	}
	var files map[string][]byte
	switch language {
	case "python":
		files, err = python.GeneratePackage(tool, pkg, nil, noDependencies{})
	case "nodejs":
		files, err = nodejs.GeneratePackage(tool, pkg, nil, nil, false, noDependencies{})
	case "go":
		files, err = gogen.GeneratePackage(tool, pkg, nil)
	default:
		return fmt.Errorf("unknown --language %q: expected python, nodejs or go", language)
	}
	if err != nil {
		return err
	}
	if err := os.RemoveAll(out); err != nil {
		return err
	}
	for name, content := range files {
		path := filepath.Join(out, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, content, 0o644); err != nil {
			return err
		}
	}
	fmt.Printf("gen-sdk: wrote %d files of the %s SDK of %s %s into %s\n", len(files), language, pkg.Name, versionOf(pkg), out)
	return nil
}

func versionOf(pkg *schema.Package) string {
	if pkg.Version == nil {
		return "(no version)"
	}
	return pkg.Version.String()
}
