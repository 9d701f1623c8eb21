# bash completion for pkgward                               -*- shell-script -*-
#
# Installed as $PREFIX/share/bash-completion/completions/pkgward; or source
# it from ~/.bashrc. Self-contained: does not need the bash-completion
# package's helpers.
#
# The words offered never contain spaces, so COMPREPLY=($(compgen ...)) is
# safe here (the usual completion idiom).
# shellcheck disable=SC2207

# Rule ids: the first column of `pkgward rules list` (with the --rules
# directories already on the command line).
_pkgward_rule_ids()
{
    local bin=$1
    shift
    "$bin" rules list "$@" 2>/dev/null | while read -r id _; do
        printf '%s\n' "$id"
    done
}

_pkgward_files()
{
    # $1: -f (files and dirs) or -d (dirs only)
    compopt -o filenames 2>/dev/null
    local IFS=$'\n'
    COMPREPLY=($(compgen "$1" -- "$cur"))
}

# The options and operands of `scan`, also those of `export osv`. Called
# from _pkgward_complete, whose locals (cur, prev, formats, ...) it sees.
_pkgward_scan_args()
{
    case $prev in
    -f | --format)
        COMPREPLY=($(compgen -W "$formats" -- "$cur"))
        return 0 ;;
    --fail-on | --min-severity)
        COMPREPLY=($(compgen -W "$severities" -- "$cur"))
        return 0 ;;
    --color)
        COMPREPLY=($(compgen -W "$colors" -- "$cur"))
        return 0 ;;
    -o | --output | --config | --yara)
        _pkgward_files -f
        return 0 ;;
    --rules)
        _pkgward_files -d
        return 0 ;;
    -j | --jobs)
        local n
        n=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)
        COMPREPLY=($(compgen -W "$(seq 1 "$n" 2>/dev/null)" -- "$cur"))
        return 0 ;;
    --max-entries | --max-total-bytes | --max-file-bytes | --max-ratio | --max-nesting)
        return 0 ;; # a number or a size: nothing to offer
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$scan_opts" -- "$cur"))
    else
        _pkgward_files -f
    fi
}

_pkgward()
{
    local eqprefix=""
    _pkgward_complete
    # "--opt=value" kept as one word: the reply must repeat "--opt="
    if [[ -n $eqprefix && ${#COMPREPLY[@]} -gt 0 ]]; then
        COMPREPLY=("${COMPREPLY[@]/#/$eqprefix}")
    fi
    return 0
}

_pkgward_complete()
{
    local cur prev cword words
    words=("${COMP_WORDS[@]}")
    cword=$COMP_CWORD
    cur=${words[cword]}
    prev=""
    ((cword > 0)) && prev=${words[cword - 1]}
    # "--opt=value": bash splits at '=' (COMP_WORDBREAKS) or keeps it whole
    if [[ $cur == "=" && $prev == --* ]]; then
        cur=""
    elif [[ $prev == "=" && cword -gt 1 ]]; then
        prev=${words[cword - 2]}
    elif [[ $cur == --*=* ]]; then
        prev=${cur%%=*}
        cur=${cur#*=}
        eqprefix="$prev="
    fi
    COMPREPLY=()

    local bin=${words[0]}
    if ! type -P -- "$bin" >/dev/null 2>&1 && [[ ! -x $bin ]]; then
        bin=pkgward
    fi

    local commands="scan diff check rules audit npm pnpm npx pip pip3 shell-init sweep
        export ioc db help version"
    local formats="text json sarif osv"
    local severities="info low medium high critical"
    local colors="auto always never"
    local scan_opts="-f --format -o --output --fail-on --min-severity -j --jobs
        --rules --yara --config --no-config --max-entries --max-total-bytes
        --max-file-bytes --max-ratio --max-nesting --color -q --quiet
        --no-progress -h --help"
    local audit_opts="-f --format -o --output --fail-on --min-severity --db
        --no-db --registry-cache --registry --no-lint-tools --at -a --all --rules
        --config --no-config --color -q --quiet -h --help"
    local diff_opts="-f --format -o --output --fail-on --min-severity --rules
        --yara --config --no-config --color -q --quiet -h --help"
    local check_opts="--registry --pypi-registry --offline --cache --min-age --depth -f --format
        -o --output --fail-on --min-severity --rules --config --no-config --color
        -q --quiet -h --help"
    local sweep_opts="--root --os --image --db -f --format -o --output --fail-on
        --min-severity --rules --config --no-config --color -q --quiet -h --help"
    # pkgward's own options of npm, pnpm, npx and pip, before the tool's command /
    # the package
    local guard_opts="--warn-only --db --no-db --fail-on -f --format --config
        --no-config -q --quiet -h --help"

    # the command is the first word that is not a global option
    local cmd="" cmd_at=0 i
    for ((i = 1; i < cword; i++)); do
        case ${words[i]} in
        -*) ;;
        *) cmd=${words[i]}; cmd_at=$i; break ;;
        esac
    done

    if [[ -z $cmd ]]; then
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W "--help --version -h -V" -- "$cur"))
        else
            COMPREPLY=($(compgen -W "$commands" -- "$cur"))
        fi
        return 0
    fi

    case $cmd in
    scan)
        _pkgward_scan_args
        ;;
    export)
        # the export format is the word right after "export"; then scan's
        # options and paths
        if ((cword == cmd_at + 1)); then
            if [[ $cur == -* ]]; then
                COMPREPLY=($(compgen -W "-h --help" -- "$cur"))
            else
                COMPREPLY=($(compgen -W "osv" -- "$cur"))
            fi
            return 0
        fi
        [[ ${words[cmd_at + 1]} == osv ]] && _pkgward_scan_args
        ;;
    sweep)
        case $prev in
        -f | --format)
            COMPREPLY=($(compgen -W "$formats" -- "$cur"))
            return 0 ;;
        --fail-on | --min-severity)
            COMPREPLY=($(compgen -W "$severities" -- "$cur"))
            return 0 ;;
        --color)
            COMPREPLY=($(compgen -W "$colors" -- "$cur"))
            return 0 ;;
        --os)
            COMPREPLY=($(compgen -W "linux macos windows" -- "$cur"))
            return 0 ;;
        -o | --output | --config | --db)
            _pkgward_files -f
            return 0 ;;
        --root | --image | --rules)
            _pkgward_files -d
            return 0 ;;
        esac
        # sweep takes no operands (directories are given with --root)
        COMPREPLY=($(compgen -W "$sweep_opts" -- "$cur"))
        ;;
    ioc)
        # the subcommand is the word right after "ioc"
        if ((cword == cmd_at + 1)); then
            if [[ $cur == -* ]]; then
                COMPREPLY=($(compgen -W "-h --help" -- "$cur"))
            else
                COMPREPLY=($(compgen -W "import list" -- "$cur"))
            fi
            return 0
        fi
        local sub=${words[cmd_at + 1]}
        if [[ $prev == --db ]]; then
            _pkgward_files -f
            return 0
        fi
        case $sub in
        import | list) ;;
        *) return 0 ;;
        esac
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W "--db -h --help" -- "$cur"))
        elif [[ $sub == import ]]; then
            _pkgward_files -f # IOC bundles (.json)
        fi
        ;;
    diff | check)
        case $prev in
        -f | --format)
            COMPREPLY=($(compgen -W "$formats" -- "$cur"))
            return 0 ;;
        --fail-on | --min-severity)
            COMPREPLY=($(compgen -W "$severities" -- "$cur"))
            return 0 ;;
        --color)
            COMPREPLY=($(compgen -W "$colors" -- "$cur"))
            return 0 ;;
        -o | --output | --config)
            _pkgward_files -f
            return 0 ;;
        --rules)
            _pkgward_files -d
            return 0 ;;
        --yara)
            [[ $cmd == diff ]] && _pkgward_files -f
            return 0 ;;
        --cache)
            [[ $cmd == check ]] && _pkgward_files -d
            return 0 ;;
        --depth)
            [[ $cmd == check ]] && COMPREPLY=($(compgen -W "0 1 2 3 4 5" -- "$cur"))
            return 0 ;;
        --registry | --pypi-registry | --min-age)
            return 0 ;; # a URL or a duration: nothing to offer
        esac
        if [[ $cur == -* ]]; then
            if [[ $cmd == diff ]]; then
                COMPREPLY=($(compgen -W "$diff_opts" -- "$cur"))
            else
                COMPREPLY=($(compgen -W "$check_opts" -- "$cur"))
            fi
        elif [[ $cmd == diff ]]; then
            _pkgward_files -f # the two releases: archives or directories
        fi
        # check: NAME[@VERSION[..VERSION]] specs, nothing to offer
        ;;
    rules)
        # subcommand and --rules DIR arguments after "rules"
        local sub="" rule_args=()
        for ((i = cmd_at + 1; i < cword; i++)); do
            case ${words[i]} in
            --rules)
                ((i + 1 < cword)) && rule_args+=(--rules "${words[i + 1]}")
                ((i++)) ;;
            --rules=*) rule_args+=("${words[i]}") ;;
            -*) ;;
            *) [[ -z $sub ]] && sub=${words[i]} ;;
            esac
        done
        if [[ $prev == --rules ]]; then
            _pkgward_files -d
            return 0
        fi
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W "--rules -h --help" -- "$cur"))
            return 0
        fi
        case $sub in
        "")
            COMPREPLY=($(compgen -W "list show test" -- "$cur")) ;;
        show)
            # only the first argument of show is an id
            local nargs=0
            for ((i = cmd_at + 1; i < cword; i++)); do
                case ${words[i]} in
                --rules) ((i++)) ;;
                -*) ;;
                *) ((nargs++)) ;;
                esac
            done
            if ((nargs == 1)); then
                COMPREPLY=($(compgen -W "$(_pkgward_rule_ids "$bin" "${rule_args[@]}")" -- "$cur"))
            fi
            ;;
        test)
            _pkgward_files -d ;;
        esac
        ;;
    audit)
        case $prev in
        -f | --format)
            COMPREPLY=($(compgen -W "$formats" -- "$cur"))
            return 0 ;;
        --fail-on | --min-severity)
            COMPREPLY=($(compgen -W "$severities" -- "$cur"))
            return 0 ;;
        --color)
            COMPREPLY=($(compgen -W "$colors" -- "$cur"))
            return 0 ;;
        -o | --output | --config | --db)
            _pkgward_files -f
            return 0 ;;
        --rules | --registry-cache)
            _pkgward_files -d
            return 0 ;;
        --at | --registry)
            return 0 ;; # a date, a time or a URL: nothing to offer
        esac
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W "$audit_opts" -- "$cur"))
        else
            _pkgward_files -f # lockfiles or directories
        fi
        ;;
    db)
        # the subcommand is the word right after "db"
        if ((cword == cmd_at + 1)); then
            if [[ $cur == -* ]]; then
                COMPREPLY=($(compgen -W "-h --help" -- "$cur"))
            else
                COMPREPLY=($(compgen -W "import update status lookup" -- "$cur"))
            fi
            return 0
        fi
        local sub=${words[cmd_at + 1]}
        case $prev in
        --db | --config)
            _pkgward_files -f
            return 0 ;;
        -f | --format)
            COMPREPLY=($(compgen -W "text json" -- "$cur"))
            return 0 ;;
        --ecosystem)
            COMPREPLY=($(compgen -W "npm pypi" -- "$cur"))
            return 0 ;;
        --source | --url | --sig-url | --public-key)
            return 0 ;; # free text: nothing to offer
        esac
        local db_opts="--db --config --no-config -h --help"
        case $sub in
        import) db_opts+=" --source" ;;
        update) db_opts+=" --url --sig-url --public-key" ;;
        status) db_opts+=" -f --format" ;;
        lookup) db_opts+=" --ecosystem" ;;
        *) return 0 ;;
        esac
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W "$db_opts" -- "$cur"))
        elif [[ $sub == import ]]; then
            _pkgward_files -f # OSV .json files, .zip exports, directories
        fi
        ;;
    npm | pnpm | npx | pip | pip3)
        # pkgward's options come first; the first other word is the npm (pnpm, pip)
        # command (npx: the package), and from there on every word is npm's
        # (or the package command's): the shell's default completion
        local tool_at=0
        for ((i = cmd_at + 1; i < cword; i++)); do
            case ${words[i]} in
            --db | --fail-on | -f | --format | --config) ((i++)) ;;
            -*) ;;
            *) tool_at=$i; break ;;
            esac
        done
        if ((tool_at == 0)); then
            # these options take their value as the next word only
            if [[ -n $eqprefix || ${words[cword]} == "=" || ${words[cword - 1]} == "=" ]]; then
                return 0
            fi
            case $prev in
            -f | --format)
                COMPREPLY=($(compgen -W "$formats" -- "$cur"))
                return 0 ;;
            --fail-on)
                COMPREPLY=($(compgen -W "$severities" -- "$cur"))
                return 0 ;;
            --db | --config)
                _pkgward_files -f
                return 0 ;;
            esac
            if [[ $cur == -* ]]; then
                COMPREPLY=($(compgen -W "$guard_opts" -- "$cur"))
                return 0
            fi
        fi
        compopt -o default 2>/dev/null
        COMPREPLY=()
        ;;
    shell-init)
        if ((cword == cmd_at + 1)); then
            if [[ $cur == -* ]]; then
                COMPREPLY=($(compgen -W "-h --help" -- "$cur"))
            else
                COMPREPLY=($(compgen -W "bash zsh fish" -- "$cur"))
            fi
        fi
        ;;
    help)
        if ((cword == cmd_at + 1)); then
            COMPREPLY=($(compgen -W "$commands" -- "$cur"))
        fi
        ;;
    version) ;;
    esac
    return 0
}

complete -F _pkgward pkgward
