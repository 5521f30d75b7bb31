// Command pulumi-language-nodejs is a small Node.js language host for the pinned Pulumi CLI.
//
// Why it exists: Pulumi's own host (module github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3)
// is refused by the Go module proxy this project can reach ("403 Forbidden: This module version is not
// available", for @latest, a commit and a pseudo-version alike), so scripts/setup-pulumi.sh builds
// this one instead. It does only what `pulumi up/preview/refresh/destroy` need from a language host:
// the CLI starts it with the engine's address as the first argument and reads the gRPC port from its
// first stdout line (sdk/go/common/resource/plugin/langruntime_plugin.go, buildArgsForNewPlugin), calls
// Handshake, GetRequiredPackages (an empty answer is fine: `nodejs` and `pulumi-nodejs` are bundled
// plugins found on PATH) and Run. Run starts `node <@pulumi/pulumi/cmd/run> --monitor ... <entry>` in
// the program's directory, the command line and environment the SDK's cmd/run reads (its argv names
// and PULUMI_CONFIG / PULUMI_CONFIG_SECRET_KEYS / PULUMI_NODEJS_TYPESCRIPT variables). Not done:
// synchronous invokes over pipes (--sync; the SDK only uses them when given a directory), debugging,
// `pulumi new` templates, installing dependencies, packing and code generation.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"strings"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
)

// version is stamped by scripts/setup-pulumi.sh (-ldflags -X main.version=...): the CLI's version.
var version = "3.0.0"

// userActionableExit is the exit code @pulumi/pulumi's cmd/run uses after it has printed an error
// the user can act on; the host then answers Bail so the CLI prints nothing more.
const userActionableExit = 32

type host struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	engineAddress string
}

func main() {
	if len(os.Args) > 1 && (os.Args[1] == "-version" || os.Args[1] == "--version") {
		fmt.Println(version)
		return
	}
	engineAddress := ""
	for _, arg := range os.Args[1:] {
		if !strings.HasPrefix(arg, "-") {
			engineAddress = arg
		}
	}
	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt)
	stop := make(chan bool)
	go func() { <-ctx.Done(); close(stop) }()
	if engineAddress != "" {
		// Exit when the CLI is gone (kill -9 of pulumi), as every plugin does.
		if err := rpcutil.Healthcheck(ctx, engineAddress, 5*time.Minute, cancel); err != nil {
			fail(fmt.Errorf("health check of the engine: %w", err))
		}
	}
	h := &host{engineAddress: engineAddress}
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: stop,
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, h)
			return nil
		},
	})
	if err != nil {
		fail(err)
	}
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: %v\n", err)
	os.Exit(1)
}

func (h *host) Handshake(ctx context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	if req.GetEngineAddress() != "" {
		h.engineAddress = req.GetEngineAddress()
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *host) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version}, nil
}

func (h *host) GetRequiredPackages(context.Context, *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

func (h *host) GetRequiredPlugins(context.Context, *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

func (h *host) InstallDependencies(*pulumirpc.InstallDependenciesRequest,
	grpc.ServerStreamingServer[pulumirpc.InstallDependenciesResponse],
) error {
	return errors.New("this language host does not install dependencies: run npm install in the program")
}

func (h *host) About(context.Context, *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	node, _ := exec.Command("node", "--version").Output()
	return &pulumirpc.AboutResponse{Executable: "node", Version: strings.TrimSpace(string(node))}, nil
}

func (h *host) GetProgramDependencies(context.Context, *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	return &pulumirpc.GetProgramDependenciesResponse{}, nil
}

func (h *host) Cancel(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	return &emptypb.Empty{}, nil
}

// Run starts the program through the SDK's cmd/run and reports its outcome: an error string for a
// failed program, Bail when the SDK has already shown the user the reason.
func (h *host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	info := req.GetInfo()
	programDir, entry := req.GetPwd(), req.GetProgram()
	if info != nil {
		programDir, entry = info.GetProgramDirectory(), info.GetEntryPoint()
	}
	runPath, err := resolveRunModule(programDir)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	options := map[string]any{}
	if info != nil && info.GetOptions() != nil {
		options = info.GetOptions().AsMap()
	}
	env, nodeArgs, err := programEnv(req, options)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	args := append(nodeArgs, runPath)
	add := func(flag, value string) {
		if value != "" {
			args = append(args, "--"+flag, value)
		}
	}
	add("monitor", req.GetMonitorAddress())
	add("engine", h.engineAddress)
	add("organization", req.GetOrganization())
	add("project", req.GetProject())
	if info != nil {
		add("root-directory", info.GetRootDirectory())
	}
	add("stack", req.GetStack())
	add("pwd", programDir)
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	add("parallel", strconv.Itoa(int(req.GetParallel())))
	if entry == "" {
		entry = "."
	}
	args = append(args, entry)
	args = append(args, req.GetArgs()...)

	cmd := exec.CommandContext(ctx, "node", args...)
	cmd.Dir = programDir
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 5 * time.Second
	err = cmd.Run()
	var exitErr *exec.ExitError
	switch {
	case err == nil:
		return &pulumirpc.RunResponse{}, nil
	case errors.As(err, &exitErr) && exitErr.ExitCode() == userActionableExit:
		return &pulumirpc.RunResponse{Bail: true}, nil
	case errors.As(err, &exitErr):
		return &pulumirpc.RunResponse{
			Error: fmt.Sprintf("Program exited with non-zero exit code: %d", exitErr.ExitCode()),
		}, nil
	default:
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("could not run node: %v", err)}, nil
	}
}

// resolveRunModule finds @pulumi/pulumi/cmd/run the way the program itself would resolve it.
func resolveRunModule(programDir string) (string, error) {
	cmd := exec.Command("node", "-e", "console.log(require.resolve('@pulumi/pulumi/cmd/run'))")
	cmd.Dir = programDir
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("@pulumi/pulumi is not installed for the program in %s (run npm install there): %w",
			programDir, err)
	}
	return strings.TrimSpace(string(out)), nil
}

// programEnv builds the environment cmd/run reads: config keys in the SDK's "<ns>:config:<name>"
// form, the secret key list, and the runtime options of Pulumi.yaml (typescript defaults to true).
func programEnv(req *pulumirpc.RunRequest, options map[string]any) ([]string, []string, error) {
	cfg := map[string]string{}
	for k, v := range req.GetConfig() {
		key, err := config.ParseKey(k)
		if err != nil {
			return nil, nil, err
		}
		cfg[key.Namespace()+":config:"+key.Name()] = v
	}
	cfgJSON, err := json.Marshal(cfg)
	if err != nil {
		return nil, nil, err
	}
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secretJSON, err := json.Marshal(secretKeys)
	if err != nil {
		return nil, nil, err
	}
	env := append(os.Environ(), "PULUMI_CONFIG="+string(cfgJSON), "PULUMI_CONFIG_SECRET_KEYS="+string(secretJSON))
	typescript := true
	if v, ok := options["typescript"]; ok {
		b, isBool := v.(bool)
		if !isBool {
			return nil, nil, errors.New("runtime option typescript must be a boolean")
		}
		typescript = b
	}
	if typescript {
		env = append(env, "PULUMI_NODEJS_TYPESCRIPT=true")
	}
	if v, ok := options["tsconfig"]; ok {
		s, isString := v.(string)
		if !isString {
			return nil, nil, errors.New("runtime option tsconfig must be a string")
		}
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+s)
	}
	var nodeArgs []string
	if v, ok := options["nodeargs"]; ok {
		s, isString := v.(string)
		if !isString {
			return nil, nil, errors.New("runtime option nodeargs must be a string")
		}
		nodeArgs = strings.Fields(s)
	}
	return env, nodeArgs, nil
}
