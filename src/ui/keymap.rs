//! Key bindings: parse key names from the config, look up the action for a key press,
//! and list the keys of each action for the help overlay.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;

/// A key as written in the config: a character (`]`, `د`), a name (`enter`, `pagedown`,
/// `shift-tab`), optionally with `ctrl-` / `alt-`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeySpec {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

impl KeySpec {
    /// Parse a key name; `None` when it is not a key.
    pub fn parse(text: &str) -> Option<KeySpec> {
        let mut rest = text;
        let (mut ctrl, mut alt) = (false, false);
        loop {
            if rest.chars().count() > 1 {
                if let Some(r) = rest.strip_prefix("ctrl-") {
                    ctrl = true;
                    rest = r;
                    continue;
                }
                if let Some(r) = rest.strip_prefix("alt-") {
                    alt = true;
                    rest = r;
                    continue;
                }
            }
            break;
        }
        let code = match rest {
            "enter" => KeyCode::Enter,
            "esc" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "shift-tab" | "backtab" => KeyCode::BackTab,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "pageup" => KeyCode::PageUp,
            "pagedown" => KeyCode::PageDown,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "space" => KeyCode::Char(' '),
            "backspace" => KeyCode::Backspace,
            _ => {
                let mut chars = rest.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => KeyCode::Char(c),
                    _ => {
                        let n = rest.strip_prefix('f')?.parse::<u8>().ok()?;
                        KeyCode::F(n)
                    }
                }
            }
        };
        Some(KeySpec { code, ctrl, alt })
    }

    /// Whether a key press is this key (Shift is part of the character for character keys).
    pub fn matches(&self, key: &KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        if ctrl != self.ctrl || alt != self.alt {
            return false;
        }
        match (&self.code, &key.code) {
            (KeyCode::Char(a), KeyCode::Char(b)) if self.ctrl => a.eq_ignore_ascii_case(b),
            (a, b) => a == b,
        }
    }

    /// How the key is shown in the help.
    pub fn label(&self) -> String {
        let base = match &self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::Backspace => "Backspace".into(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        let mut s = String::new();
        if self.ctrl {
            s.push_str("Ctrl-");
        }
        if self.alt {
            s.push_str("Alt-");
        }
        s.push_str(&base);
        s
    }

    /// Whether this is a plain Arabic-script character (bound for Arabic keyboard layouts).
    pub fn is_arabic_char(&self) -> bool {
        matches!(self.code, KeyCode::Char(c) if is_arabic(c)) && !self.ctrl && !self.alt
    }
}

/// Whether `c` is in an Arabic-script block.
pub fn is_arabic(c: char) -> bool {
    matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08FF}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// Action → keys, in help order.
#[derive(Debug, Clone, Default)]
pub struct Keymap {
    bindings: Vec<(Action, Vec<KeySpec>)>,
}

impl Keymap {
    /// Build from (action, keys) pairs.
    pub fn new(bindings: Vec<(Action, Vec<KeySpec>)>) -> Keymap {
        Keymap { bindings }
    }

    /// The action bound to a key press. With `text_context`, Arabic letters are not taken as commands
    /// (they are typed into the library filter instead).
    pub fn lookup(&self, key: &KeyEvent, text_context: bool) -> Option<Action> {
        self.bindings.iter().find_map(|(action, keys)| {
            keys.iter()
                .any(|k| k.matches(key) && !(text_context && k.is_arabic_char()))
                .then_some(*action)
        })
    }

    /// Keys bound to an action.
    pub fn keys_for(&self, action: Action) -> &[KeySpec] {
        self.bindings
            .iter()
            .find(|(a, _)| *a == action)
            .map(|(_, k)| k.as_slice())
            .unwrap_or(&[])
    }

    /// Help lines: (keys, description), one per bound action, generated from the bindings.
    pub fn help_lines(&self) -> Vec<(String, &'static str)> {
        Action::ALL
            .iter()
            .filter_map(|a| {
                let keys = self.keys_for(*a);
                if keys.is_empty() {
                    return None;
                }
                let labels: Vec<String> = keys.iter().map(KeySpec::label).collect();
                Some((labels.join(" "), a.describe()))
            })
            .collect()
    }
}
