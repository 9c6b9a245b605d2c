#!/usr/bin/perl
# SPDX-License-Identifier: Apache-2.0
# Converts ip-location-db ASN CSV files (start,end,asn,organisation) into one MaxMind DB with
# GeoLite2-ASN field names (autonomous_system_number, autonomous_system_organization), so
# that mikiwame reads every IP database through libmaxminddb. Uses Debian's
# libmaxmind-db-writer-perl. Usage: asn-csv-to-mmdb.pl OUT.mmdb IN.csv...
use strict;
use warnings;
use MaxMind::DB::Writer::Tree;

my ($out, @inputs) = @ARGV;
die "usage: $0 OUT.mmdb IN.csv...\n" unless $out && @inputs;

my $tree = MaxMind::DB::Writer::Tree->new(
    ip_version            => 6,
    record_size           => 28,
    database_type         => 'mikiwame-ASN',
    languages             => ['en'],
    description           => { en => 'ASN data from ip-location-db (converted by mikiwame)' },
    map_key_type_callback => sub {
        my $key = shift;
        return $key eq 'autonomous_system_number' ? 'uint32' : 'utf8_string';
    },
    merge_strategy        => 'none',
    alias_ipv6_to_ipv4    => 1,
);

my $count = 0;
my $skipped = 0;
my $first_error;
my $bad_lines = 0;
for my $input (@inputs) {
    open(my $fh, '<:encoding(UTF-8)', $input) or die "$input: $!\n";
    while (my $line = <$fh>) {
        chomp $line;
        $line =~ s/\r$//;
        # start,end,asn,organisation — the organisation may be quoted and hold commas.
        my ($start, $end, $asn, $org) = $line =~ /^([^,]+),([^,]+),(\d+),(.*)$/ or do { $bad_lines++; next };
        $org =~ s/^"(.*)"$/$1/;
        $org =~ s/""/"/g;
        # IPv6 ranges inside the spaces aliased to IPv4 (::ffff:0:0/96, 2001::/32 Teredo,
        # 2002::/16 6to4) cannot be stored separately; their IPv4 rows cover them.
        my $ok = eval {
            $tree->insert_range($start, $end, {
                autonomous_system_number       => $asn + 0,
                autonomous_system_organization => $org,
            });
            1;
        };
        if ($ok) {
            $count++;
        } else {
            $skipped++;
            $first_error //= "$input:$.: $@";
        }
    }
    close $fh;
}
# A handful of skipped ranges is expected (the aliased IPv6 spaces above); many mean the input
# format changed, and a database missing most ranges must not replace a good one.
print STDERR "asn-csv-to-mmdb: first skipped range: $first_error" if $first_error;
die "asn-csv-to-mmdb: only $count ranges read ($bad_lines unreadable lines); has the CSV format changed?\n"
    if $count < 10000;
open(my $out_fh, '>:raw', $out) or die "$out: $!\n";
$tree->write_tree($out_fh);
close $out_fh or die "$out: $!\n";
print STDERR "asn-csv-to-mmdb: $count ranges, $skipped aliased IPv6 ranges skipped, $bad_lines unreadable lines\n";
