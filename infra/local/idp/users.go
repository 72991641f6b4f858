package idp

import (
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/mail"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"
)

// usersFile holds the accounts in the data folder.
const usersFile = "users.json"

// Password bounds: Cognito's default minimum length, and bcrypt's 72-byte input limit
// (longer passwords would be silently cut by bcrypt, so they are refused instead).
const (
	MinPasswordLength = 8
	MaxPasswordBytes  = 72
)

// User is an account on the local issuer.
type User struct {
	// Subject is the user's stable id, a random UUID as Cognito's sub is.
	Subject string `json:"sub"`
	// Email is the sign-in name, stored lower-cased.
	Email     string    `json:"email"`
	CreatedAt time.Time `json:"createdAt"`
}

// FieldError is a problem with one input of the sign-up or sign-in form.
type FieldError struct {
	Field   string
	Message string
}

// Error returns the message, which is written for the person filling in the form.
func (e *FieldError) Error() string { return e.Field + ": " + e.Message }

// Sign-in and sign-up failures a caller may act on.
var (
	// ErrBadCredentials covers both an unknown e-mail and a wrong password, so the answer
	// does not reveal which accounts exist.
	ErrBadCredentials = errors.New("incorrect email or password")
	// ErrEmailTaken means an account with that e-mail address exists.
	ErrEmailTaken = &FieldError{Field: "email", Message: "An account with this email address already exists."}
	// ErrUnknownUser means no account has the given e-mail address or subject.
	ErrUnknownUser = errors.New("no such user")
)

type userRecord struct {
	User
	PasswordHash string `json:"passwordHash"`
}

type userFile struct {
	Users []userRecord `json:"users"`
}

// userStore keeps accounts in memory and, when path is set, in a JSON file rewritten on
// every change (a handful of local accounts; simplicity beats a database here).
type userStore struct {
	path string
	cost int

	mu      sync.RWMutex
	byEmail map[string]userRecord
	bySub   map[string]userRecord

	dummyOnce sync.Once
	dummy     []byte
}

func openUserStore(dir string, cost int) (*userStore, error) {
	if cost == 0 {
		cost = bcrypt.DefaultCost
	}
	s := &userStore{cost: cost, byEmail: map[string]userRecord{}, bySub: map[string]userRecord{}}
	if dir == "" {
		return s, nil
	}
	s.path = filepath.Join(dir, usersFile)
	data, err := os.ReadFile(s.path)
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return nil, fmt.Errorf("idp: read users: %w", err)
	}
	var f userFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("idp: parse %s: %w", s.path, err)
	}
	for _, u := range f.Users {
		s.byEmail[u.Email] = u
		s.bySub[u.Subject] = u
	}
	return s, nil
}

func (s *userStore) count() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.byEmail)
}

// NormalizeEmail returns email as accounts store it (trimmed, lower-cased), or a
// FieldError when it is not a bare address.
func NormalizeEmail(email string) (string, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	addr, err := mail.ParseAddress(email)
	if err != nil || addr.Address != email || len(email) > 254 {
		return "", &FieldError{Field: "email", Message: "Enter an email address such as name@brand.com."}
	}
	return email, nil
}

func checkPassword(password string) error {
	switch {
	case utf8.RuneCountInString(password) < MinPasswordLength:
		return &FieldError{Field: "password", Message: fmt.Sprintf("Use at least %d characters.", MinPasswordLength)}
	case len(password) > MaxPasswordBytes:
		return &FieldError{Field: "password", Message: fmt.Sprintf("Use at most %d bytes (about %d letters).", MaxPasswordBytes, MaxPasswordBytes)}
	}
	return nil
}

func (s *userStore) create(email, password string, now time.Time) (User, error) {
	email, err := NormalizeEmail(email)
	if err != nil {
		return User{}, err
	}
	if err := checkPassword(password); err != nil {
		return User{}, err
	}
	if _, ok := s.byEmailAddr(email); ok {
		return User{}, ErrEmailTaken
	}
	// Hash outside the lock: it is slow on purpose.
	hash, err := bcrypt.GenerateFromPassword([]byte(password), s.cost)
	if err != nil {
		return User{}, fmt.Errorf("idp: hash password: %w", err)
	}
	rec := userRecord{User: User{Subject: newUUID(), Email: email, CreatedAt: now.UTC()}, PasswordHash: string(hash)}

	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.byEmail[email]; ok {
		return User{}, ErrEmailTaken
	}
	s.byEmail[email] = rec
	s.bySub[rec.Subject] = rec
	if err := s.saveLocked(); err != nil {
		delete(s.byEmail, email)
		delete(s.bySub, rec.Subject)
		return User{}, err
	}
	return rec.User, nil
}

func (s *userStore) saveLocked() error {
	if s.path == "" {
		return nil
	}
	f := userFile{Users: make([]userRecord, 0, len(s.byEmail))}
	for _, u := range s.byEmail {
		f.Users = append(f.Users, u)
	}
	sort.Slice(f.Users, func(a, b int) bool { return f.Users[a].CreatedAt.Before(f.Users[b].CreatedAt) })
	data, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return fmt.Errorf("idp: encode users: %w", err)
	}
	if err := writeFileAtomic(s.path, append(data, '\n')); err != nil {
		return fmt.Errorf("idp: save users: %w", err)
	}
	return nil
}

// authenticate checks a password. An unknown address costs the same bcrypt comparison as a
// known one, so response time does not reveal which accounts exist.
func (s *userStore) authenticate(email, password string) (User, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	rec, ok := s.byEmailAddr(email)
	if !ok {
		_ = bcrypt.CompareHashAndPassword(s.dummyHash(), []byte(password))
		return User{}, ErrBadCredentials
	}
	if err := bcrypt.CompareHashAndPassword([]byte(rec.PasswordHash), []byte(password)); err != nil {
		return User{}, ErrBadCredentials
	}
	return rec.User, nil
}

func (s *userStore) dummyHash() []byte {
	s.dummyOnce.Do(func() {
		s.dummy, _ = bcrypt.GenerateFromPassword([]byte(rand.Text()), s.cost)
	})
	return s.dummy
}

func (s *userStore) byEmailAddr(email string) (userRecord, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	u, ok := s.byEmail[email]
	return u, ok
}

func (s *userStore) bySubject(sub string) (User, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	u, ok := s.bySub[sub]
	return u.User, ok
}

// newUUID returns a random (version 4) UUID.
func newUUID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}
