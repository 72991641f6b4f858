package stack_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/hypetrack/hypetrack/shared/system"
)

// The DynamoDB actions each operation should grant, stated independently of the stack.
var wantTableActions = map[system.TableOp][]string{
	system.TableGet:            {"dynamodb:GetItem", "dynamodb:BatchGetItem"},
	system.TableQuery:          {"dynamodb:Query"},
	system.TablePut:            {"dynamodb:PutItem"},
	system.TableUpdate:         {"dynamodb:UpdateItem"},
	system.TableDelete:         {"dynamodb:DeleteItem"},
	system.TableConditionCheck: {"dynamodb:ConditionCheckItem"},
	system.TableBatchWrite:     {"dynamodb:BatchWriteItem"},
}

type statement struct {
	Sid       string
	Effect    string
	Actions   []string
	Resources []any
	Condition map[string]any
}

// statementsOf returns every statement of every policy attached to fn's role, after
// checking that the role has no managed policies.
func (s *scenario) statementsOf(t *testing.T, fn system.FunctionName) []statement {
	t.Helper()
	role := s.resources[s.functionID(t, fn)].Properties["Role"]
	att, _ := role.(map[string]any)["Fn::GetAtt"].([]any)
	if len(att) == 0 {
		t.Fatalf("function %s: role %v is not a role of this stack", fn, role)
	}
	roleID := att[0].(string)
	if managed := s.resources[roleID].Properties["ManagedPolicyArns"]; managed != nil {
		t.Errorf("function %s: role has managed policies %v", fn, managed)
	}
	var out []statement
	for _, p := range s.ofType("AWS::IAM::Policy") {
		roles, _ := p.Properties["Roles"].([]any)
		if !slices.ContainsFunc(roles, func(r any) bool { return ref(r, roleID) }) {
			continue
		}
		doc := p.Properties["PolicyDocument"].(map[string]any)
		for _, raw := range doc["Statement"].([]any) {
			m := raw.(map[string]any)
			st := statement{Actions: strs(m["Action"]), Resources: list(m["Resource"])}
			st.Sid, _ = m["Sid"].(string)
			st.Effect, _ = m["Effect"].(string)
			st.Condition, _ = m["Condition"].(map[string]any)
			out = append(out, st)
		}
	}
	return out
}

func strs(v any) []string {
	var out []string
	for _, x := range list(v) {
		out = append(out, x.(string))
	}
	return out
}

func list(v any) []any {
	if l, ok := v.([]any); ok {
		return l
	}
	return []any{v}
}

func TestFunctionsGetExactlyTheirTableOperations(t *testing.T) {
	s := dev(t)
	tableID := only(t, s.ofType("AWS::DynamoDB::Table"))
	for _, f := range s.functions() {
		var want []string
		for _, op := range f.Table.Ops {
			want = append(want, wantTableActions[op]...)
		}
		var got []string
		for _, st := range s.statementsOf(t, f.Name) {
			for _, a := range st.Actions {
				if strings.HasPrefix(a, "dynamodb:") && !isStreamRead(a) {
					got = append(got, a)
					for _, r := range st.Resources {
						if !mentions(r, tableID) {
							t.Errorf("%s: %s on %v, which is not the table", f.Name, a, r)
						}
					}
				}
			}
		}
		slices.Sort(want)
		slices.Sort(got)
		if !slices.Equal(slices.Compact(got), want) {
			t.Errorf("%s: table actions %v, want %v", f.Name, got, want)
		}
	}
}

func isStreamRead(action string) bool {
	switch action {
	case "dynamodb:ListStreams", "dynamodb:DescribeStream", "dynamodb:GetShardIterator", "dynamodb:GetRecords":
		return true
	}
	return false
}

func TestRedirectOnlyReadsAndWritesItems(t *testing.T) {
	for _, s := range []*scenario{dev(t), prod(t)} {
		var actions []string
		for _, st := range s.statementsOf(t, system.Redirect) {
			actions = append(actions, st.Actions...)
			// The visitor salt is the one secret it reads; sealed secrets it never touches.
			if mentions(st.Resources, "DataSecretsKey") ||
				strings.Contains(strings.Join(st.Actions, " "), "secretsmanager") && !strings.Contains(mustJSON(st.Resources), "DataAppSecretvisitorsalt") {
				t.Errorf("redirect may touch secrets: %+v", st)
			}
			for _, r := range st.Resources {
				if strings.Contains(mustJSON(r), "/index/") {
					t.Errorf("redirect may query an index: %v", r)
				}
			}
		}
		for _, a := range actions {
			if strings.HasPrefix(a, "dynamodb:") && a != "dynamodb:GetItem" && a != "dynamodb:BatchGetItem" && a != "dynamodb:PutItem" {
				t.Errorf("redirect has %s; it needs one read and one write", a)
			}
		}
	}
}

func TestNoWildcardsBeyondXRay(t *testing.T) {
	s := dev(t)
	for _, f := range s.functions() {
		for _, st := range s.statementsOf(t, f.Name) {
			for _, a := range st.Actions {
				if strings.Contains(a, "*") {
					t.Errorf("%s: wildcard action %s", f.Name, a)
				}
			}
			if slices.Contains(st.Resources, any("*")) {
				for _, a := range st.Actions {
					allowed := strings.HasPrefix(a, "xray:") || (f.Stream != nil && a == "dynamodb:ListStreams")
					if !allowed {
						t.Errorf("%s: %s on Resource *", f.Name, a)
					}
				}
			}
		}
	}
}

func TestKeyPrefixesBecomeLeadingKeysConditions(t *testing.T) {
	s := dev(t)
	for _, st := range s.statementsOf(t, consumer.Name) {
		if st.Sid != "TableItems" {
			continue
		}
		cond, _ := st.Condition["ForAllValues:StringLike"].(map[string]any)
		got := strs(cond["dynamodb:LeadingKeys"])
		if !slices.Equal(got, []string{"INBOX#*", "ORDER#*"}) {
			t.Errorf("consumer's item statement: LeadingKeys %v, want [INBOX#* ORDER#*]", got)
		}
		return
	}
	t.Error("consumer has no TableItems statement")
}

func TestIndexesOnlyForFunctionsThatQueryThem(t *testing.T) {
	s := dev(t)
	for _, f := range s.functions() {
		indexes := 0
		for _, st := range s.statementsOf(t, f.Name) {
			for _, r := range st.Resources {
				if strings.Contains(mustJSON(r), "/index/") {
					indexes++
					if !slices.Equal(st.Actions, []string{"dynamodb:Query"}) {
						t.Errorf("%s: %v on an index; only Query belongs there", f.Name, st.Actions)
					}
				}
			}
		}
		want := 0
		if f.Table.Indexes {
			want = len(system.Table.Indexes)
		}
		if indexes != want {
			t.Errorf("%s: %d index resources, want %d", f.Name, indexes, want)
		}
	}
}

func TestSecretsKeyUseIsLimitedByKind(t *testing.T) {
	s := dev(t)
	for _, f := range s.functions() {
		want := map[string][]string{}
		for _, sa := range f.Secrets {
			if sa.Seal {
				want["kms:Encrypt"] = append(want["kms:Encrypt"], string(sa.Kind))
			}
			if sa.Open {
				want["kms:Decrypt"] = append(want["kms:Decrypt"], string(sa.Kind))
			}
		}
		got := map[string][]string{}
		for _, st := range s.statementsOf(t, f.Name) {
			if !mentions(st.Resources, only(t, s.ofType("AWS::KMS::Key"), "DataSecretsKey")) {
				continue
			}
			eq, _ := st.Condition["StringEquals"].(map[string]any)
			if _, viaSecretsManager := eq["kms:ViaService"]; viaSecretsManager {
				continue // reading an AppSecret, checked below
			}
			kinds := strs(eq["kms:EncryptionContext:"+system.SecretContextKey])
			if len(kinds) == 0 {
				t.Errorf("%s: secrets key statement %+v has no encryption-context condition", f.Name, st)
			}
			for _, a := range st.Actions {
				got[a] = append(got[a], kinds...)
			}
		}
		for _, action := range []string{"kms:Encrypt", "kms:Decrypt"} {
			slices.Sort(want[action])
			slices.Sort(got[action])
			if !slices.Equal(got[action], want[action]) {
				t.Errorf("%s: %s for kinds %v, want %v", f.Name, action, got[action], want[action])
			}
		}
	}
}

func TestAppSecretsTravelAsARNsToTheirReadersOnly(t *testing.T) {
	s := dev(t)
	secretID := only(t, s.ofType("AWS::SecretsManager::Secret"), "DataAppSecretsocialapi")
	social, _ := system.AppSecretByName(system.SocialAPICredentials)
	for _, f := range s.functions() {
		allowed := map[string]bool{system.EnvTable: true, system.EnvSecretsKey: true, system.EnvPublicURL: f.Name == system.API}
		for _, name := range f.AppSecrets {
			secret, _ := system.AppSecretByName(name)
			allowed[secret.Env] = true
		}
		if f.Parking != nil {
			allowed[f.Parking.Env] = true
		}
		if producer, ok := system.FunctionByName(f.Replays); ok {
			allowed[producer.Parking.Env] = true
		}
		env := s.resources[s.functionID(t, f.Name)].Properties["Environment"].(map[string]any)["Variables"].(map[string]any)
		for k := range env {
			if !allowed[k] {
				t.Errorf("%s: unexpected environment variable %s", f.Name, k)
			}
		}
		reads := slices.Contains(f.AppSecrets, system.SocialAPICredentials)
		if v, ok := env[social.Env]; ok != reads || (ok && !ref(v, secretID)) {
			t.Errorf("%s: %s = %v; want the secret's ARN exactly when the function reads it", f.Name, social.Env, v)
		}
		canRead := false
		for _, st := range s.statementsOf(t, f.Name) {
			if slices.Contains(st.Actions, "secretsmanager:GetSecretValue") && mentions(st.Resources, secretID) {
				canRead = true
			}
		}
		if canRead != reads {
			t.Errorf("%s: may read the secret = %v, want %v", f.Name, canRead, reads)
		}
	}
}

// only returns the single logical id of resources (whose id starts with prefix, if given).
func only(t *testing.T, resources map[string]resource, prefix ...string) string {
	t.Helper()
	var ids []string
	for id := range resources {
		if len(prefix) == 0 || strings.HasPrefix(id, prefix[0]) {
			ids = append(ids, id)
		}
	}
	if len(ids) != 1 {
		t.Fatalf("want one resource %v, got %v", prefix, ids)
	}
	return ids[0]
}

// The redirect's parked clicks are drained by the click replay alone: only it may receive
// and delete them, and it may do nothing else with the queue.
func TestOnlyTheReplayerDrainsParkedClicks(t *testing.T) {
	s := dev(t)
	queueID := only(t, s.ofType("AWS::SQS::Queue"), "FunctionsredirectParked")
	for _, f := range s.functions() {
		drains := false
		for _, st := range s.statementsOf(t, f.Name) {
			if !mentions(st.Resources, queueID) {
				continue
			}
			for _, a := range st.Actions {
				switch {
				case a == "sqs:ReceiveMessage" || a == "sqs:DeleteMessage":
					drains = true
				case a == "sqs:SendMessage" && f.Name == system.Redirect:
				case strings.HasPrefix(a, "sqs:GetQueue") || a == "sqs:ChangeMessageVisibility":
				default:
					t.Errorf("%s may %s on the parked clicks", f.Name, a)
				}
			}
		}
		if want := f.Replays == system.Redirect; drains != want {
			t.Errorf("%s drains the parked clicks = %v, want %v", f.Name, drains, want)
		}
	}
	env := s.resources[s.functionID(t, system.ClickReplay)].Properties["Environment"].(map[string]any)["Variables"].(map[string]any)
	if !ref(env["HYPETRACK_CLICK_DLQ_URL"], queueID) {
		t.Errorf("the click replay finds the queue at %v", env["HYPETRACK_CLICK_DLQ_URL"])
	}
}
