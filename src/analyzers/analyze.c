/* analyze.c - the analyzers, in order, for one package. */
#include "analyze.h"

#include <string.h>

void pwi_analyze_package(pwi_actx *a)
{
    pwi_analyze_anomalies(a);
    pwi_analyze_roles(a);        /* roles before rules: they weigh findings */
    pwi_analyze_npm_manifest(a);
    pwi_analyze_rules(a);
    pwi_analyze_combinations(a); /* last: reads the package's findings */
}
