// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";

import {AuditRegistry} from "../../../../contracts/audit/AuditRegistry.sol";
import {IAuditRegistry} from "../../../../contracts/interfaces/IAuditRegistry.sol";
import {AuditMetrics} from "../../../../contracts/libraries/AuditMetrics.sol";
import {AuditRecord, FairnessMetrics, GroupCounts} from "../../../../contracts/types/AuditTypes.sol";
import {Circuit, Family, InputMode} from "../../../../contracts/types/ModelTypes.sol";
import {Classifier16Audit32Verifier} from "../../../../contracts/verifiers/Classifier16Audit32Verifier.sol";
import {Trees4x3x8Audit32Verifier} from "../../../../contracts/verifiers/Trees4x3x8Audit32Verifier.sol";
import {RegistryFixture} from "../../utils/RegistryFixture.sol";

/// @notice AuditRegistry records the audit of a tree-ensemble model version: the real Groth16 verifier of the 32-row
/// tree-ensemble audit (4 trees of depth 3 over 8 features) and the proof fixture `npm run circuits:audit` writes
/// (test/fixtures/audit/trees4x3x8-audit32-groth16.json), against a TreeEnsemble model whose version 1 holds the
/// fixture's weights commitment, the very value the tree inference circuit opens.
contract AuditRegistryTreesTest is RegistryFixture {
    string internal constant FIXTURE = "test/fixtures/audit/trees4x3x8-audit32-groth16.json";
    uint16 internal constant ROWS = 32;
    uint16 internal constant FEATURES = 8;

    AuditRegistry internal audits;
    Trees4x3x8Audit32Verifier internal verifier;
    uint256 internal modelId;
    uint32 internal circuitId;
    uint256 internal setId;
    uint256 internal setCommitment;
    uint256 internal counts;
    IAuditRegistry.AuditProof internal proof;
    address internal auditor = makeAddr("auditor");
    address internal outsider = makeAddr("outsider");

    function setUp() public {
        _deployRegistry();
        string memory json = vm.readFile(FIXTURE);
        verifier = new Trees4x3x8Audit32Verifier();

        // the tree ensemble's inference circuit (committed inputs): the family and shape the model is served with
        uint16[] memory dims = new uint16[](4);
        (dims[0], dims[1], dims[2], dims[3]) = (FEATURES, 4, 3, 1);
        Circuit memory trees =
            _circuitParams(address(verifier), Family.TreeEnsemble, InputMode.Committed, 3, 1, [FEATURES, 4, 3]);
        trees.dims = dims;
        uint32 inference = _registerCircuit(trees);
        vm.prank(auditor);
        modelId = registry.registerModel(
            0, inference, 1 ether, false, _versionParams(vm.parseJsonUint(json, ".weightsCommitment"), 0, 0)
        );

        audits = AuditRegistry(
            _proxy(
                address(new AuditRegistry()),
                abi.encodeCall(AuditRegistry.initialize, (address(timelock), address(registry)))
            )
        );
        vm.prank(address(timelock));
        circuitId = audits.registerAuditCircuit(address(verifier), ROWS, FEATURES);

        setCommitment = vm.parseJsonUint(json, ".auditSetCommitment");
        vm.prank(auditor);
        setId = audits.registerAuditSet(setCommitment, ROWS, FEATURES, keccak256("card"), "ipfs://tree-audit-card");

        uint256[] memory a = vm.parseJsonUintArray(json, ".proof.a");
        uint256[] memory b0 = vm.parseJsonUintArray(json, ".proof.b[0]");
        uint256[] memory b1 = vm.parseJsonUintArray(json, ".proof.b[1]");
        uint256[] memory c = vm.parseJsonUintArray(json, ".proof.c");
        uint256[] memory signals = vm.parseJsonUintArray(json, ".proof.publicSignals");
        proof.a = [a[0], a[1]];
        proof.b = [[b0[0], b0[1]], [b1[0], b1[1]]];
        proof.c = [c[0], c[1]];
        counts = signals[0];
        assertEq(signals[1], setCommitment, "fixture set commitment");
        assertEq(signals[2], registry.version(modelId, 1).weightsCommitment, "fixture weights commitment");
    }

    function test_submitAudit_recordsTheTreeEnsembleVersionsProvenCounts() public {
        string memory json = vm.readFile(FIXTURE);
        vm.prank(auditor);
        audits.submitAudit(modelId, 1, setId, circuitId, counts, proof);

        AuditRecord memory record = audits.audit(modelId, 1, setId);
        _assertGroup(record.referenceGroup, json, ".counts[0]");
        _assertGroup(record.protectedGroup, json, ".counts[1]");
        assertEq(record.circuitId, circuitId);
        assertEq(record.submitter, auditor);
        assertEq(audits.auditedSets(modelId, 1).length, 1);

        // the metrics are the counts' (the fixture's ensemble favours group 0 by construction)
        FairnessMetrics memory m = audits.metrics(modelId, 1, setId);
        FairnessMetrics memory expected =
            AuditMetrics.metrics(AuditMetrics.group(counts, 0), AuditMetrics.group(counts, 1));
        assertEq(m.demographicParityDifference.numerator, expected.demographicParityDifference.numerator);
        assertEq(m.demographicParityDifference.denominator, expected.demographicParityDifference.denominator);
        assertEq(m.disparateImpactRatio.numerator, expected.disparateImpactRatio.numerator);
        assertEq(m.disparateImpactRatio.denominator, expected.disparateImpactRatio.denominator);
        assertLt(m.demographicParityDifference.numerator, 0, "group 1 is disfavoured");
    }

    /// @dev bench/audit.ts reads these two lines (forge test -vv).
    function test_verifyProof_treeAudit_gas() public {
        uint256[3] memory signals = [counts, setCommitment, registry.version(modelId, 1).weightsCommitment];
        uint256 before = gasleft();
        bool valid = verifier.verifyProof(proof.a, proof.b, proof.c, signals);
        uint256 used = before - gasleft();
        assertTrue(valid);
        emit log_named_uint("tree_audit_verifier_gas", used);
        // the target of issue #19: <= 300k gas to verify an audit
        assertLt(used, 300_000);
    }

    function test_submitAudit_treeAudit_gas() public {
        vm.prank(auditor);
        uint256 before = gasleft();
        audits.submitAudit(modelId, 1, setId, circuitId, counts, proof);
        uint256 used = before - gasleft();
        emit log_named_uint("tree_audit_submit_gas", used);
        assertLt(used, 500_000);
    }

    function test_RevertWhen_treeAuditProofTamperedOrCountsForged() public {
        IAuditRegistry.AuditProof memory forged = proof;
        forged.c = proof.a;
        vm.expectRevert(abi.encodeWithSelector(IAuditRegistry.AuditInvalidProof.selector, modelId, 1, setId));
        audits.submitAudit(modelId, 1, setId, circuitId, counts, forged);
        // one positive decision moved from group 1 to group 0: rows still add up, the proof does not
        uint256 moved = counts + (1 << 16) - (1 << (16 * 7));
        vm.expectRevert(abi.encodeWithSelector(IAuditRegistry.AuditInvalidProof.selector, modelId, 1, setId));
        audits.submitAudit(modelId, 1, setId, circuitId, moved, proof);
    }

    function test_RevertWhen_anotherTreeVersionOrAReplay() public {
        // a retrained ensemble: another weights commitment, so the proof of version 1 does not speak for it
        vm.prank(auditor);
        uint32 v2 = registry.publishVersion(modelId, _versionParams(12_345, 0, 0));
        vm.expectRevert(abi.encodeWithSelector(IAuditRegistry.AuditInvalidProof.selector, modelId, v2, setId));
        audits.submitAudit(modelId, v2, setId, circuitId, counts, proof);

        audits.submitAudit(modelId, 1, setId, circuitId, counts, proof);
        vm.expectRevert(abi.encodeWithSelector(IAuditRegistry.AuditAlreadyRecorded.selector, modelId, 1, setId));
        audits.submitAudit(modelId, 1, setId, circuitId, counts, proof);
    }

    function test_RevertWhen_theClassifierAuditCircuitIsCitedForTheTreeSet() public {
        // the classifier's audit circuit takes 16 features a row; the tree set has 8
        address classifierVerifier = address(new Classifier16Audit32Verifier());
        vm.prank(address(timelock));
        uint32 classifier = audits.registerAuditCircuit(classifierVerifier, 32, 16);
        vm.expectRevert(abi.encodeWithSelector(IAuditRegistry.AuditShapeMismatch.selector, classifier, setId));
        audits.submitAudit(modelId, 1, setId, classifier, counts, proof);
    }

    function test_RevertWhen_outsiderRegistersOrRetiresTheTreeAuditCircuit() public {
        vm.startPrank(outsider);
        vm.expectRevert(_denied(outsider));
        audits.registerAuditCircuit(address(verifier), ROWS, FEATURES);
        vm.expectRevert(_denied(outsider));
        audits.retireAuditCircuit(circuitId);
        vm.stopPrank();
    }

    function _assertGroup(GroupCounts memory c, string memory json, string memory path) private pure {
        assertEq(c.rows, vm.parseJsonUint(json, string.concat(path, ".rows")), "rows");
        assertEq(c.positives, vm.parseJsonUint(json, string.concat(path, ".positives")), "positives");
        assertEq(c.labeled, vm.parseJsonUint(json, string.concat(path, ".labeled")), "labeled");
        assertEq(c.labelPositives, vm.parseJsonUint(json, string.concat(path, ".labelPositives")), "labelPositives");
        assertEq(c.truePositives, vm.parseJsonUint(json, string.concat(path, ".truePositives")), "truePositives");
        assertEq(c.falsePositives, vm.parseJsonUint(json, string.concat(path, ".falsePositives")), "falsePositives");
    }

    function _denied(address account) private pure returns (bytes memory) {
        return abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, account, bytes32(0));
    }
}
