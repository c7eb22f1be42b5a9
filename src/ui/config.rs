//! The reader's configuration: defaults embedded from `assets/config.toml`, the user's file
//! (`$XDG_CONFIG_HOME/khabar/config.toml`) merged over them, unknown keys rejected by name.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ratatui::style::Color;
use serde::Deserialize;

use super::action::Action;
use super::keymap::{KeySpec, Keymap};

/// The default configuration file shipped in the binary.
pub const DEFAULT_CONFIG: &str = include_str!("../../assets/config.toml");

/// Which side the quotes / speakers / entities panel is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PanelSide {
    Left,
    Right,
}

/// Library sort order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    Date,
    Source,
}

/// Colours for highlights (ignored under `NO_COLOR`).
#[derive(Debug, Clone, PartialEq)]
pub struct Colors {
    pub quote: Color,
    pub per: Color,
    pub org: Color,
    pub loc: Color,
    pub misc: Color,
    pub selected_bg: Color,
    pub search_bg: Color,
    pub accent: Color,
}

/// The merged, validated UI configuration.
#[derive(Debug, Clone)]
pub struct UiConfig {
    pub panel: PanelSide,
    /// true: khabar reorders and asks the terminal for explicit mode; false: the terminal reorders.
    pub bidi_app: bool,
    pub shape: bool,
    pub sort: SortKey,
    pub colors: Colors,
    /// Whether colours are used (false under `NO_COLOR`).
    pub color: bool,
    pub keymap: Keymap,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    panel: Option<String>,
    bidi: Option<String>,
    shape: Option<bool>,
    sort: Option<String>,
    #[serde(default)]
    colors: BTreeMap<String, String>,
    #[serde(default)]
    keys: BTreeMap<String, Vec<String>>,
}

impl UiConfig {
    /// The embedded defaults (colours on).
    pub fn defaults() -> UiConfig {
        match Self::from_layers(None) {
            Ok(c) => c,
            Err(e) => panic!("the embedded default config is invalid: {e}"),
        }
    }

    /// Defaults with `user` (TOML text) merged over them. `Err` names the offending key.
    pub fn from_layers(user: Option<&str>) -> Result<UiConfig, String> {
        let base: RawConfig = toml::from_str(DEFAULT_CONFIG).map_err(|e| e.to_string())?;
        let mut cfg = Self::from_raw(base)?;
        if let Some(text) = user {
            let raw: RawConfig = toml::from_str(text).map_err(|e| e.message().to_string())?;
            cfg.apply(raw)?;
        }
        Ok(cfg)
    }

    /// Load the user's file (`path`, else `$XDG_CONFIG_HOME/khabar/config.toml`, else
    /// `~/.config/khabar/config.toml`; a missing file means defaults) and apply `NO_COLOR`.
    pub fn load(path: Option<&Path>) -> Result<UiConfig, String> {
        let (path, explicit) = match path {
            Some(p) => (Some(p.to_path_buf()), true),
            None => (default_config_path(), false),
        };
        let text = match &path {
            Some(p) => match std::fs::read_to_string(p) {
                Ok(t) => Some(t),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => None,
                Err(e) => return Err(format!("{}: {e}", p.display())),
            },
            None => None,
        };
        let mut cfg = Self::from_layers(text.as_deref()).map_err(|e| match &path {
            Some(p) => format!("{}: {e}", p.display()),
            None => e,
        })?;
        if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
            cfg.color = false;
        }
        Ok(cfg)
    }

    fn from_raw(raw: RawConfig) -> Result<UiConfig, String> {
        let mut cfg = UiConfig {
            panel: PanelSide::Left,
            bidi_app: true,
            shape: false,
            sort: SortKey::Date,
            colors: Colors {
                quote: Color::Yellow,
                per: Color::LightMagenta,
                org: Color::LightBlue,
                loc: Color::LightGreen,
                misc: Color::LightRed,
                selected_bg: Color::Blue,
                search_bg: Color::Magenta,
                accent: Color::Cyan,
            },
            color: true,
            keymap: Keymap::default(),
        };
        cfg.apply(raw)?;
        Ok(cfg)
    }

    fn apply(&mut self, raw: RawConfig) -> Result<(), String> {
        if let Some(p) = raw.panel {
            self.panel = match p.as_str() {
                "left" => PanelSide::Left,
                "right" => PanelSide::Right,
                _ => return Err(format!("panel = {p:?}: expected \"left\" or \"right\"")),
            };
        }
        if let Some(b) = raw.bidi {
            self.bidi_app = match b.as_str() {
                "app" => true,
                "terminal" => false,
                _ => return Err(format!("bidi = {b:?}: expected \"app\" or \"terminal\"")),
            };
        }
        if let Some(s) = raw.shape {
            self.shape = s;
        }
        if let Some(s) = raw.sort {
            self.sort = match s.as_str() {
                "date" => SortKey::Date,
                "source" => SortKey::Source,
                _ => return Err(format!("sort = {s:?}: expected \"date\" or \"source\"")),
            };
        }
        for (name, value) in raw.colors {
            let color = parse_color(&value)
                .ok_or_else(|| format!("colors.{name} = {value:?}: not a colour"))?;
            let slot = match name.as_str() {
                "quote" => &mut self.colors.quote,
                "per" => &mut self.colors.per,
                "org" => &mut self.colors.org,
                "loc" => &mut self.colors.loc,
                "misc" => &mut self.colors.misc,
                "selected_bg" => &mut self.colors.selected_bg,
                "search_bg" => &mut self.colors.search_bg,
                "accent" => &mut self.colors.accent,
                _ => return Err(format!("unknown key `colors.{name}`")),
            };
            *slot = color;
        }
        if !raw.keys.is_empty() {
            let mut bindings: Vec<(Action, Vec<KeySpec>)> = Action::ALL
                .iter()
                .map(|a| (*a, self.keymap.keys_for(*a).to_vec()))
                .collect();
            for (name, keys) in raw.keys {
                let action =
                    Action::from_name(&name).ok_or_else(|| format!("unknown key `keys.{name}`"))?;
                let mut specs = Vec::new();
                for k in &keys {
                    specs.push(
                        KeySpec::parse(k)
                            .ok_or_else(|| format!("keys.{name}: {k:?} is not a key name"))?,
                    );
                }
                if let Some(slot) = bindings.iter_mut().find(|(a, _)| *a == action) {
                    slot.1 = specs;
                }
            }
            self.keymap = Keymap::new(bindings);
        }
        Ok(())
    }
}

/// `$XDG_CONFIG_HOME/khabar/config.toml`, else `$HOME/.config/khabar/config.toml`.
pub fn default_config_path() -> Option<PathBuf> {
    xdg_dir("XDG_CONFIG_HOME", ".config").map(|d| d.join("khabar").join("config.toml"))
}

/// An XDG base directory: the variable when set to an absolute path, else `$HOME/<fallback>`.
pub fn xdg_dir(var: &str, fallback: &str) -> Option<PathBuf> {
    if let Some(v) = std::env::var_os(var) {
        let p = PathBuf::from(v);
        if p.is_absolute() {
            return Some(p);
        }
    }
    std::env::var_os("HOME").map(|h| PathBuf::from(h).join(fallback))
}

fn parse_color(s: &str) -> Option<Color> {
    if let Some(hex) = s.strip_prefix('#') {
        if hex.len() == 6 {
            let v = u32::from_str_radix(hex, 16).ok()?;
            return Some(Color::Rgb((v >> 16) as u8, (v >> 8) as u8, v as u8));
        }
        return None;
    }
    Some(match s {
        "reset" => Color::Reset,
        "black" => Color::Black,
        "red" => Color::Red,
        "green" => Color::Green,
        "yellow" => Color::Yellow,
        "blue" => Color::Blue,
        "magenta" => Color::Magenta,
        "cyan" => Color::Cyan,
        "gray" => Color::Gray,
        "dark_gray" => Color::DarkGray,
        "light_red" => Color::LightRed,
        "light_green" => Color::LightGreen,
        "light_yellow" => Color::LightYellow,
        "light_blue" => Color::LightBlue,
        "light_magenta" => Color::LightMagenta,
        "light_cyan" => Color::LightCyan,
        "white" => Color::White,
        _ => return None,
    })
}
