/* policy-check.c - the project's policy applied to each resolved package:
 * deny list, install-script allowlist, release cooldown. */
#include "audit/audit.h"
#include "util/error.h"
#include "registry/registry.h"
#include "util/paths.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

void pwi_audit_policy_begin(pwi_audit *a)
{
    a->scripts_unknown = a->age_unknown = a->age_checked = 0;
    a->fetch_errors = 0;
}

static void format_age(int64_t secs, char *buf, size_t size)
{
    if (secs < 0)
        secs = 0;
    if (secs < 3600)
        snprintf(buf, size, "%" PRId64 " min", secs / 60);
    else if (secs < 2 * 86400)
        snprintf(buf, size, "%" PRId64 " h", secs / 3600);
    else
        snprintf(buf, size, "%" PRId64 " d", secs / 86400);
}

void pwi_audit_policy(pwi_audit *a, const pwi_lockfile *lf, size_t i,
                      size_t pkg, const char *file, const char *dep_path)
{
    const pwi_policy *pol = a->policy;
    const pwi_lock_pkg *p = &lf->pkgs[i];
    const char *eco = lf->ecosystem;
    char snippet[512];
    snprintf(snippet, sizeof snippet, "%s@%s", p->name,
             p->version ? p->version : (p->spec ? p->spec : "*"));

    const pwi_pkg_pattern *d = pwi_policy_denied(pol, eco, p->name,
                                                 p->version);
    if (d) {
        char ev[600], where[512];
        snprintf(ev, sizeof ev, "deny entry at %s:%zu",
                 pwi_path_for_display(d->file, where, sizeof where), d->line);
        pwi_audit_emit(a, pkg, "policy-denied", file, p->line,
                       snippet, ev, "%s is on the project's deny list (%s%s%s)",
                       snippet, d->name, d->range ? "@" : "",
                       d->range ? d->range : "");
    }

    if (!(p->flags & PWI_LOCKF_SCRIPTS_KNOWN)) {
        a->scripts_unknown++;
    } else if (p->flags & PWI_LOCKF_INSTALL_SCRIPT) {
        if (!pol->allow_set)
            pwi_audit_emit(a, pkg, "install-script-present", file,
                           p->line, snippet, dep_path,
                           "%s runs an install script; no install-script "
                           "allowlist is configured", snippet);
        else if (!pwi_policy_allowed(pol, eco, p->name, p->version))
            pwi_audit_emit(a, pkg, "install-script-not-allowed",
                           file, p->line, snippet, dep_path,
                           "%s runs an install script and is not on "
                           "install_scripts.allow", snippet);
    }

    if (pol->min_release_age >= 0 && p->version &&
        p->source == PWI_SRC_REGISTRY) {
        a->age_checked++;
        int64_t t;
        int known = a->cache_dir &&
                    pwi_publish_time(a->cache_dir, eco, p->name, p->version, &t);
        if (!known && a->registry && !strcmp(eco, "npm")) {
            /* fetching writes the cache, which answers the retry */
            pwi_packument *pm = NULL;
            if (pwi_registry_packument(a->registry, p->name, &pm, NULL) == PW_OK)
                known = pwi_publish_time(a->cache_dir, eco, p->name, p->version, &t);
            else
                a->fetch_errors++;
            pwi_packument_free(pm);
        }
        if (!known) {
            a->age_unknown++;
        } else if (a->now - t < pol->min_release_age) {
            char age[32], min[32];
            format_age(a->now - t, age, sizeof age);
            format_age(pol->min_release_age, min, sizeof min);
            pwi_audit_emit(a, pkg, "release-too-new", file,
                           p->line, snippet, dep_path,
                           "%s was published %s ago; the policy's "
                           "min_release_age is %s", snippet, age, min);
        }
    }
}

void pwi_audit_policy_end(pwi_audit *a, const pwi_lockfile *lf, size_t self)
{
    if (a->policy->allow_set && a->scripts_unknown)
        pwi_audit_emit(a, self, "install-scripts-unknown", lf->path, 0, "",
                       "",
                       "%s does not record which packages have install "
                       "scripts: %zu packages could not be checked against "
                       "install_scripts.allow", lf->path, a->scripts_unknown);
    if (a->age_unknown)
        pwi_audit_emit(a, self, "release-age-unknown", lf->path, 0, "", "",
                       "publish time unknown for %zu of %zu packages (%s): "
                       "min_release_age could not be checked for them",
                       a->age_unknown, a->age_checked,
                       !a->registry ? "no cached registry metadata; "
                                      "--registry fetches it"
                       : a->fetch_errors ? "some registry fetches failed"
                                         : "not in the registry metadata");
}
