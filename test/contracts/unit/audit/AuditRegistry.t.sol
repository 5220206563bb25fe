// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";

import {AuditRegistry} from "../../../../contracts/audit/AuditRegistry.sol";
import {IAuditRegistry} from "../../../../contracts/interfaces/IAuditRegistry.sol";
import {IModelRegistry} from "../../../../contracts/interfaces/IModelRegistry.sol";
import {AuditMetrics} from "../../../../contracts/libraries/AuditMetrics.sol";
import {AuditRecord, AuditSet, FairnessMetrics, GroupCounts, Ratio} from "../../../../contracts/types/AuditTypes.sol";
import {AuditFixture} from "../../utils/AuditFixture.sol";

/// @notice AuditRegistry against the real Groth16 verifier of the 32-row classifier audit and the proof fixture that
/// `npm run circuits:audit` writes (test/fixtures/audit/classifier16-audit32-groth16.json).
contract AuditRegistryTest is AuditFixture {
    address internal outsider = makeAddr("outsider");

    function setUp() public {
        _deployAudits();
    }

    function test_submitAudit_recordsTheProvenCountsAndMetrics() public {
        string memory json = vm.readFile(FIXTURE);
        vm.expectEmit(true, true, true, false, address(audits));
        emit IAuditRegistry.AuditRecorded(modelId, 1, setId, circuitId, counts, _emptyMetrics(), auditor);
        vm.prank(auditor);
        audits.submitAudit(modelId, 1, setId, circuitId, counts, proof);

        AuditRecord memory record = audits.audit(modelId, 1, setId);
        _assertGroup(record.referenceGroup, json, ".counts[0]");
        _assertGroup(record.protectedGroup, json, ".counts[1]");
        assertEq(record.submitter, auditor);
        assertEq(record.circuitId, circuitId);
        assertEq(audits.auditedSets(modelId, 1).length, 1);

        // the metrics from the counts, in lowest terms
        FairnessMetrics memory m = audits.metrics(modelId, 1, setId);
        // the TypeScript reference's values for the fixture (fairnessMetrics in oracle/src/audit/metrics.ts)
        assertEq(m.demographicParityDifference.numerator, -142);
        assertEq(m.demographicParityDifference.denominator, 255);
        assertEq(m.disparateImpactRatio.numerator, 45);
        assertEq(m.disparateImpactRatio.denominator, 187);
        assertEq(m.equalOpportunityDifference.numerator, -47);
        assertEq(m.equalOpportunityDifference.denominator, 63);
        GroupCounts memory r = record.referenceGroup;
        GroupCounts memory p = record.protectedGroup;
        _assertRatio(
            m.demographicParityDifference,
            int256(uint256(p.positives) * r.rows) - int256(uint256(r.positives) * p.rows),
            uint256(p.rows) * r.rows
        );
        _assertRatio(m.disparateImpactRatio, int256(uint256(p.positives) * r.rows), uint256(p.rows) * r.positives);
        _assertRatio(
            m.equalOpportunityDifference,
            int256(uint256(p.truePositives) * r.labelPositives) - int256(uint256(r.truePositives) * p.labelPositives),
            uint256(p.labelPositives) * r.labelPositives
        );
    }

    /// @dev bench/audit.ts reads these two lines (forge test -vv).
    function test_verifyProof_gas() public {
        uint256[3] memory signals = [counts, setCommitment, registry.version(modelId, 1).weightsCommitment];
        uint256 before = gasleft();
        bool valid = verifier.verifyProof(proof.a, proof.b, proof.c, signals);
        uint256 used = before - gasleft();
        assertTrue(valid);
        emit log_named_uint("audit_verifier_gas", used);
        // the target of issue #19: <= 300k gas to verify an audit
        assertLt(used, 300_000);
    }

    function test_submitAudit_gas() public {
        vm.prank(auditor);
        uint256 before = gasleft();
        audits.submitAudit(modelId, 1, setId, circuitId, counts, proof);
        uint256 used = before - gasleft();
        emit log_named_uint("audit_submit_gas", used);
        assertLt(used, 500_000);
    }

    function test_RevertWhen_proofTampered() public {
        // valid curve points, so the pairing runs and fails: C replaced by A
        IAuditRegistry.AuditProof memory forged = proof;
        forged.c = proof.a;
        vm.expectRevert(abi.encodeWithSelector(IAuditRegistry.AuditInvalidProof.selector, modelId, 1, setId));
        audits.submitAudit(modelId, 1, setId, circuitId, counts, forged);
    }

    function test_RevertWhen_countsForged() public {
        // one positive decision moved from group 1 to group 0: rows still add up, the proof does not
        uint256 forged = counts + (1 << 16) - (1 << (16 * 7));
        vm.expectRevert(abi.encodeWithSelector(IAuditRegistry.AuditInvalidProof.selector, modelId, 1, setId));
        audits.submitAudit(modelId, 1, setId, circuitId, forged, proof);
    }

    function test_RevertWhen_countsMalformed() public {
        vm.expectRevert(abi.encodeWithSelector(IAuditRegistry.AuditMalformedCounts.selector, counts + 1));
        audits.submitAudit(modelId, 1, setId, circuitId, counts + 1, proof);
        uint256 stray = counts | (1 << 200);
        vm.expectRevert(abi.encodeWithSelector(IAuditRegistry.AuditMalformedCounts.selector, stray));
        audits.submitAudit(modelId, 1, setId, circuitId, stray, proof);
    }

    function test_RevertWhen_anotherSet() public {
        vm.prank(outsider);
        uint256 other = audits.registerAuditSet(setCommitment + 1, 32, 16, bytes32(0), "");
        vm.expectRevert(abi.encodeWithSelector(IAuditRegistry.AuditInvalidProof.selector, modelId, 1, other));
        audits.submitAudit(modelId, 1, other, circuitId, counts, proof);
    }

    function test_RevertWhen_anotherVersion() public {
        vm.prank(auditor);
        uint32 v2 = registry.publishVersion(modelId, _versionParams(12_345, 0, 0));
        vm.expectRevert(abi.encodeWithSelector(IAuditRegistry.AuditInvalidProof.selector, modelId, v2, setId));
        audits.submitAudit(modelId, v2, setId, circuitId, counts, proof);
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.RegistryUnknownVersion.selector, modelId, 9));
        audits.submitAudit(modelId, 9, setId, circuitId, counts, proof);
    }

    function test_RevertWhen_replayed() public {
        audits.submitAudit(modelId, 1, setId, circuitId, counts, proof);
        vm.expectRevert(abi.encodeWithSelector(IAuditRegistry.AuditAlreadyRecorded.selector, modelId, 1, setId));
        audits.submitAudit(modelId, 1, setId, circuitId, counts, proof);
    }

    function test_RevertWhen_circuitRetiredOrOfAnotherShape() public {
        vm.startPrank(address(timelock));
        uint32 small = audits.registerAuditCircuit(address(verifier), 64, 16);
        audits.retireAuditCircuit(circuitId);
        vm.stopPrank();
        vm.expectRevert(abi.encodeWithSelector(IAuditRegistry.AuditShapeMismatch.selector, small, setId));
        audits.submitAudit(modelId, 1, setId, small, counts, proof);
        vm.expectRevert(abi.encodeWithSelector(IAuditRegistry.AuditCircuitInactive.selector, circuitId));
        audits.submitAudit(modelId, 1, setId, circuitId, counts, proof);
    }

    function test_registerAuditSet_storesItAndRefusesDuplicatesAndBadInput() public {
        AuditSet memory set = audits.auditSet(setId);
        assertEq(set.commitment, setCommitment);
        assertEq(set.registrant, auditor);
        assertEq(set.rows, 32);
        assertEq(set.cardHash, keccak256("card"));
        assertEq(audits.auditSetIdOf(auditor, setCommitment), setId, "found by its registrant and commitment");
        assertEq(audits.auditSetIdOf(auditor, setCommitment + 1), 0, "an unregistered commitment names no set");
        assertEq(audits.auditSetIdOf(outsider, setCommitment), 0, "nor another registrant's");
        vm.prank(auditor);
        vm.expectRevert(abi.encodeWithSelector(IAuditRegistry.AuditSetAlreadyRegistered.selector, setCommitment, setId));
        audits.registerAuditSet(setCommitment, 32, 16, bytes32(0), "");
        vm.expectRevert(abi.encodeWithSelector(IAuditRegistry.AuditInvalidCommitment.selector, 0));
        audits.registerAuditSet(0, 64, 16, bytes32(0), "");
        vm.expectRevert(abi.encodeWithSelector(IAuditRegistry.AuditInvalidShape.selector, 0, 16, 65_535));
        audits.registerAuditSet(7, 0, 16, bytes32(0), "");
        vm.expectRevert(abi.encodeWithSelector(IAuditRegistry.AuditUnknownSet.selector, 99));
        audits.auditSet(99);
    }

    /// Someone copies an auditor's commitment from the mempool and registers it first, with a shape no proof can match
    /// or a card of its own: it gets a set of its own, and the auditor's registration, audit and card are untouched.
    function test_attack_commitmentTakenFromTheMempool_doesNotBlockTheAuditor() public {
        uint256 fresh = setCommitment + 1;
        vm.prank(outsider);
        uint256 squatted = audits.registerAuditSet(fresh, 31, 16, keccak256("bogus"), "ipfs://bogus");
        vm.prank(auditor);
        uint256 own = audits.registerAuditSet(fresh, 32, 16, keccak256("card"), "ipfs://audit-card");
        assertTrue(own != squatted);
        assertEq(audits.auditSetIdOf(auditor, fresh), own);
        assertEq(audits.auditSetIdOf(outsider, fresh), squatted);
        assertEq(audits.auditSet(own).registrant, auditor);
        assertEq(audits.auditSet(own).cardHash, keccak256("card"));

        // the fixture's own set, copied with the right shape and another card: the auditor's audit records on its set
        vm.prank(outsider);
        uint256 copy = audits.registerAuditSet(setCommitment, 32, 16, keccak256("bogus"), "ipfs://bogus");
        vm.prank(auditor);
        audits.submitAudit(modelId, 1, setId, circuitId, counts, proof);
        assertEq(audits.audit(modelId, 1, setId).submitter, auditor);
        assertEq(audits.auditSet(setId).cardHash, keccak256("card"));
        assertTrue(copy != setId);
    }

    function test_RevertWhen_outsiderCallsPrivilegedFunctions() public {
        vm.startPrank(outsider);
        vm.expectRevert(_denied(outsider));
        audits.registerAuditCircuit(address(verifier), 32, 16);
        vm.expectRevert(_denied(outsider));
        audits.retireAuditCircuit(circuitId);
        address next = address(new AuditRegistry());
        vm.expectRevert(_denied(outsider));
        audits.upgradeToAndCall(next, "");
        vm.stopPrank();
    }

    function test_upgradeToAndCall_byTheTimelockKeepsRecords() public {
        audits.submitAudit(modelId, 1, setId, circuitId, counts, proof);
        address next = address(new AuditRegistry());
        vm.prank(address(timelock));
        audits.upgradeToAndCall(next, "");
        assertEq(audits.audit(modelId, 1, setId).circuitId, circuitId);
        assertEq(audits.modelRegistry(), address(registry));
    }

    function test_metrics_undefinedWhereAGroupLacksTheRowsTheyNeed() public pure {
        // group 0: 10 rows, none positive, 3 label-positive; group 1: 10 rows, 5 positive, no label-positive row
        uint256 word = 10 | (3 << 48) | (10 << 96) | (5 << 112);
        FairnessMetrics memory m = AuditMetrics.metrics(AuditMetrics.group(word, 0), AuditMetrics.group(word, 1));
        assertEq(m.demographicParityDifference.numerator, 1);
        assertEq(m.demographicParityDifference.denominator, 2);
        assertEq(m.disparateImpactRatio.denominator, 0, "no reference positives: no ratio");
        assertEq(m.equalOpportunityDifference.denominator, 0, "no protected label-positives: no difference");
        // a set of one group has no metric at all
        m = AuditMetrics.metrics(AuditMetrics.group(word, 0), AuditMetrics.group(0, 0));
        assertEq(m.demographicParityDifference.denominator, 0);
    }

    function _assertGroup(GroupCounts memory c, string memory json, string memory path) private pure {
        assertEq(c.rows, vm.parseJsonUint(json, string.concat(path, ".rows")), "rows");
        assertEq(c.positives, vm.parseJsonUint(json, string.concat(path, ".positives")), "positives");
        assertEq(c.labeled, vm.parseJsonUint(json, string.concat(path, ".labeled")), "labeled");
        assertEq(c.labelPositives, vm.parseJsonUint(json, string.concat(path, ".labelPositives")), "labelPositives");
        assertEq(c.truePositives, vm.parseJsonUint(json, string.concat(path, ".truePositives")), "truePositives");
        assertEq(c.falsePositives, vm.parseJsonUint(json, string.concat(path, ".falsePositives")), "falsePositives");
    }

    /// @dev `ratio` is num / den in lowest terms (cross-multiplication, and no common factor left).
    function _assertRatio(Ratio memory ratio, int256 num, uint256 den) private pure {
        assertGt(ratio.denominator, 0);
        assertEq(ratio.numerator * int256(den), num * int256(ratio.denominator));
        uint256 x = ratio.numerator < 0 ? uint256(-ratio.numerator) : uint256(ratio.numerator);
        uint256 y = ratio.denominator;
        while (y != 0) {
            (x, y) = (y, x % y);
        }
        assertTrue(x == 1 || ratio.numerator == 0);
    }

    function _emptyMetrics() private pure returns (FairnessMetrics memory m) {}

    function _denied(address account) private pure returns (bytes memory) {
        return abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, account, bytes32(0));
    }
}
